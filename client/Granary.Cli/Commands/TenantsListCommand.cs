using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary tenants list</c>: every tenant with its status and quota limits.</summary>
internal static class TenantsListCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("list", "List every tenant with its plan, status, region and quota limits.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var tenants = await client.ListTenantsAsync(cancellationToken);
            TenantTable.Write(Console.Out, tenants.OrderBy(t => t.Id, StringComparer.Ordinal));
            return 0;
        });
        return command;
    }
}
