using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary tenants</c>: who may call the cluster, on which plan and with which limits.</summary>
internal static class TenantsCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("tenants", "Create, list, suspend and resume tenants. Needs an admin key (--api-key or GRANARY_API_KEY).")
        {
            TenantsCreateCommand.Create(connection),
            TenantsListCommand.Create(connection),
            TenantsSuspendCommand.Create(connection),
            TenantsResumeCommand.Create(connection),
        };
}
