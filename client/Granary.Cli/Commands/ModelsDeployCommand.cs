using System.CommandLine;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary models deploy NAME --replicas N --versions latest:2</c>: changes a model's replicas, device, memory and version policy.</summary>
internal static class ModelsDeployCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var replicas = new Option<int?>("--replicas") { Description = "Replicas per loaded version, wanted now." };
        var min = new Option<int?>("--min-replicas") { Description = "Fewest replicas the autoscaler keeps; 0 scales to zero when idle." };
        var max = new Option<int?>("--max-replicas") { Description = "Most replicas the autoscaler adds under load." };
        var versions = new Option<string?>("--versions") { Description = "Which versions are loaded: all, latest:N or specific:1,3; the others are unloaded." };
        var device = new Option<string?>("--device") { Description = "The device class a replica needs: cpu or gpu; replicas are placed again." };
        var memoryMib = new Option<long?>("--memory-mib") { Description = "Device memory one replica needs, in MiB; replicas are placed again." };
        var command = new Command("deploy", "Change a model's replicas, device, memory and version policy; what is left out stays as it is (admin key).")
        {
            name, replicas, min, max, versions, device, memoryMib,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var request = new SetDeploymentRequest { Name = parseResult.GetRequiredValue(name) };
            if (parseResult.GetValue(replicas) is { } count)
            {
                request.Replicas = count;
            }

            if (parseResult.GetValue(min) is { } fewest)
            {
                request.MinReplicas = fewest;
            }

            if (parseResult.GetValue(max) is { } most)
            {
                request.MaxReplicas = most;
            }

            if (parseResult.GetValue(device) is { } deviceClass)
            {
                request.Device = deviceClass;
            }

            if (parseResult.GetValue(memoryMib) is { } mib)
            {
                request.MemoryMib = mib;
            }

            if (parseResult.GetValue(versions) is { } policy)
            {
                request.VersionPolicy = ModelVersionArguments.ParsePolicy(policy);
            }

            using var client = connection.CreateClient(parseResult);
            ModelVersionsTable.Write(Console.Out, await client.SetDeploymentAsync(request, cancellationToken));
            return 0;
        });
        return command;
    }
}
