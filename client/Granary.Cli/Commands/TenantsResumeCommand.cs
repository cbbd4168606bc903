using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary tenants resume ID</c>: a suspended tenant's keys are accepted again.</summary>
internal static class TenantsResumeCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var id = new Argument<string>("id") { Description = "The tenant." };
        var command = new Command("resume", "Resume a suspended tenant: its keys are accepted again.") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var tenant = await client.ResumeTenantAsync(parseResult.GetRequiredValue(id), cancellationToken);
            Console.Out.WriteLine($"tenant {tenant.Id}: {tenant.Status}");
            return 0;
        });
        return command;
    }
}
