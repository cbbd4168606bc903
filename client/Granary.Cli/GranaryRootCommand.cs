using System.CommandLine;
using Granary.Cli.Commands;

namespace Granary.Cli;

/// <summary>The <c>granary</c> command line: the shared connection options and every command.</summary>
internal static class GranaryRootCommand
{
    public static RootCommand Create()
    {
        var connection = new ConnectionOptions();
        return new RootCommand("granary: run inference on a Granary cluster and manage its models.")
        {
            connection.Address,
            connection.Endpoints,
            connection.ApiKey,
            connection.CaCertificate,
            InferCommand.Create(connection),
            ModelsCommand.Create(connection),
            ClusterCommand.Create(connection),
            TenantsCommand.Create(connection),
            KeysCommand.Create(connection),
            QuotaCommand.Create(connection),
            UsageCommand.Create(connection),
        };
    }
}
