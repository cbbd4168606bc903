using System.CommandLine;
using System.Globalization;
using Granary.Cli.Output;

namespace Granary.Cli.Commands;

/// <summary><c>granary cluster devices</c>: one row per device, with how its memory is packed.</summary>
internal static class ClusterDevicesCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("devices", "List every device with its memory reserved and total, its replicas and its utilisation.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var table = new TextTable("SILO", "#", "KIND", "NAME", "SOURCE", "RESERVED", "TOTAL", "USE", "UTIL", "REPLICAS");
            foreach (var device in (await client.ListDevicesAsync(cancellationToken)).OrderBy(d => d.SiloName, StringComparer.Ordinal).ThenBy(d => d.Index))
            {
                var share = device.MemoryTotalBytes > 0 ? (double)device.MemoryReservedBytes / device.MemoryTotalBytes : 0;
                table.Add(
                    device.SiloName,
                    device.Index.ToString(CultureInfo.InvariantCulture),
                    device.Kind,
                    device.Name,
                    device.Source,
                    Bytes.GiB(device.MemoryReservedBytes),
                    Bytes.GiB(device.MemoryTotalBytes),
                    share.ToString("P0", CultureInfo.InvariantCulture),
                    device.UtilizationPercent >= 0 ? $"{device.UtilizationPercent}%" : "-",
                    string.Join(", ", device.Reservations.Select(r => r.Replica)));
            }

            table.Write(Console.Out);
            return 0;
        });
        return command;
    }
}
