using System.CommandLine;
using Granary.Cli.Output;

namespace Granary.Cli.Commands;

/// <summary><c>granary cluster replicas</c>: one row per model replica, with where it runs.</summary>
internal static class ClusterReplicasCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var model = new Option<string>("--model") { Description = "Only this model's replicas.", DefaultValueFactory = _ => "" };
        var command = new Command("replicas", "List model replicas with their silo, state, in-flight calls and execution provider.") { model };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var table = new TextTable("REPLICA", "SILO", "DEVICE", "STATE", "IN-FLIGHT", "QUEUED", "PROVIDER");
            foreach (var replica in await client.ListReplicasAsync(parseResult.GetValue(model) ?? "", cancellationToken))
            {
                table.Add(replica.Id, replica.SiloName, replica.DeviceName, replica.State, replica.InFlight.ToString(), replica.Queued.ToString(), replica.ExecutionProvider);
            }

            table.Write(Console.Out);
            return 0;
        });
        return command;
    }
}
