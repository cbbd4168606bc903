using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary quota</c>: how much a tenant may use, and how much it has.</summary>
internal static class QuotaCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("quota", "Set and show a tenant's quota limits and usage. Needs an admin key (--api-key or GRANARY_API_KEY).")
        {
            QuotaSetCommand.Create(connection),
            QuotaShowCommand.Create(connection),
        };
}
