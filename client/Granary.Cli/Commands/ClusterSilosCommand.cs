using System.CommandLine;
using Granary.Cli.Output;

namespace Granary.Cli.Commands;

/// <summary><c>granary cluster silos</c>: one row per silo in the membership.</summary>
internal static class ClusterSilosCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("silos", "List the silos in the cluster with their status, gRPC endpoint and labels.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var table = new TextTable("NAME", "STATUS", "GRPC", "DEVICES", "LABELS", "ADDRESS");
            foreach (var silo in await client.ListSilosAsync(cancellationToken))
            {
                var labels = string.Join(",", silo.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
                var devices = string.Join(", ", silo.Devices.Select(d => $"{d.Kind} {d.Name} {Bytes.GiB(d.MemoryTotalBytes)}"));
                table.Add(silo.Name, silo.Status, silo.GrpcEndpoint, devices, labels, silo.Address);
            }

            table.Write(Console.Out);
            return 0;
        });
        return command;
    }
}
