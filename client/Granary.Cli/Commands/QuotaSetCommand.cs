using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary quota set TENANT</c>: replaces every quota limit of a tenant at once.</summary>
internal static class QuotaSetCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant whose limits to set." };
        var quota = new QuotaOptions();
        var command = new Command("set", "Replace a tenant's quota limits: every limit left out becomes 0, the plan's limit (unlimited without one); -1 is unlimited on any plan.") { tenant };
        quota.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var updated = await client.SetQuotaAsync(parseResult.GetRequiredValue(tenant), quota.ToLimits(parseResult), cancellationToken);
            TenantTable.Write(Console.Out, [updated]);
            return 0;
        });
        return command;
    }
}
