using System.CommandLine;
using Granary.Client;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary models load NAME</c> and <c>granary models unload NAME</c>, as Triton's repository API.</summary>
internal static class ModelsLoadCommand
{
    public static Command Load(ConnectionOptions connection) =>
        Create(connection, "load", "Bring an unloaded model back with its deployment's replicas; answers once they are loaded (admin key).",
            static (client, name, cancellationToken) => client.LoadModelAsync(name, cancellationToken));

    public static Command Unload(ConnectionOptions connection) =>
        Create(connection, "unload", "Retire every replica of a model; its calls are refused until it is loaded again (admin key).",
            static (client, name, cancellationToken) => client.UnloadModelAsync(name, cancellationToken));

    private static Command Create(ConnectionOptions connection, string verb, string description, Func<GranaryClient, string, CancellationToken, Task<ModelInfo>> change)
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var command = new Command(verb, description) { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            ModelVersionsTable.Write(Console.Out, await change(client, parseResult.GetRequiredValue(name), cancellationToken));
            return 0;
        });
        return command;
    }
}
