using System.Globalization;
using Granary.Cli.Output;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary>A model's deployment and versions as the version commands print them: state, replicas and traffic share per version.</summary>
internal static class ModelVersionsTable
{
    public static void Write(TextWriter writer, ModelInfo model)
    {
        var deployment = model.Deployment;
        writer.WriteLine(
            $"{model.Name}: {(model.Unloaded ? "unloaded" : "loaded")}, {deployment.Replicas} replica(s) ({deployment.MinReplicas} to {deployment.MaxReplicas}) " +
            $"on {deployment.Device} with {deployment.MemoryMib} MiB each, " +
            $"versions {ModelVersionArguments.Describe(deployment.VersionPolicy)}, " +
            $"traffic {(model.Traffic.Count == 0 ? "to the newest ready version" : "split")}");
        var table = new TextTable("VERSION", "STATE", "REPLICAS", "TRAFFIC", "REASON");
        foreach (var version in model.Versions)
        {
            var share = model.Traffic.FirstOrDefault(s => s.Version.ToString(CultureInfo.InvariantCulture) == version.Version);
            table.Add(version.Version, version.State, version.Replicas.ToString(CultureInfo.InvariantCulture), share is null ? "" : $"{share.Percent} %", version.Reason);
        }

        table.Write(writer);
    }
}
