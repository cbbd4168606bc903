using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary cluster</c>: the silos that form the cluster and what runs on them.</summary>
internal static class ClusterCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("cluster", "Show the cluster's silos, their devices and the model replicas they host.")
        {
            ClusterSilosCommand.Create(connection),
            ClusterDevicesCommand.Create(connection),
            ClusterReplicasCommand.Create(connection),
        };
}
