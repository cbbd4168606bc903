using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary keys issue TENANT</c>: a new API key, and the only time its secret is shown.</summary>
internal static class KeysIssueCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant the key belongs to." };
        var name = new Option<string>("--name") { Description = "A label for the key, to tell it apart when listing or revoking.", Required = true };
        var command = new Command("issue", "Issue an API key for a tenant and print its secret, which is shown only this once.") { tenant, name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var issued = await client.IssueApiKeyAsync(parseResult.GetRequiredValue(tenant), parseResult.GetRequiredValue(name), cancellationToken);
            Console.Out.WriteLine($"key id  {issued.Key.Id}");
            Console.Out.WriteLine($"secret  {issued.Secret}");
            Console.Out.WriteLine("The secret is shown only once: the cluster keeps just a hash. Callers send it as 'authorization: Bearer <secret>'.");
            return 0;
        });
        return command;
    }
}
