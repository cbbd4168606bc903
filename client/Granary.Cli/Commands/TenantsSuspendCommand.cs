using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary tenants suspend ID</c>: the tenant's keys are refused until it is resumed.</summary>
internal static class TenantsSuspendCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var id = new Argument<string>("id") { Description = "The tenant." };
        var command = new Command("suspend", "Suspend a tenant: its keys are refused until it is resumed.") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var tenant = await client.SuspendTenantAsync(parseResult.GetRequiredValue(id), cancellationToken);
            Console.Out.WriteLine($"tenant {tenant.Id}: {tenant.Status}");
            return 0;
        });
        return command;
    }
}
