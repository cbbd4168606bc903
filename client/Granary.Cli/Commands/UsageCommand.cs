using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary usage</c>: what tenants used and what it cost, from the usage ledger.</summary>
internal static class UsageCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("usage", "Report and export usage with cost. A tenant key sees its own tenant; an admin key sees every tenant.")
        {
            UsageReportCommand.Create(connection),
            UsageExportCommand.Create(connection),
        };
}
