using System.CommandLine;
using Granary.Cli.Output;

namespace Granary.Cli.Commands;

/// <summary><c>granary keys list TENANT</c>: a tenant's keys, revoked ones included, never their secrets.</summary>
internal static class KeysListCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant whose keys to list." };
        var command = new Command("list", "List a tenant's API keys with when each was created, last used and revoked (UTC).") { tenant };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var table = new TextTable("ID", "NAME", "CREATED", "LAST-USED", "REVOKED");
            foreach (var key in (await client.ListApiKeysAsync(parseResult.GetRequiredValue(tenant), cancellationToken)).OrderBy(k => k.CreatedUnixMs))
            {
                table.Add(
                    key.Id,
                    key.Name,
                    UnixTimeText.Format(key.CreatedUnixMs),
                    UnixTimeText.Format(key.LastUsedUnixMs),
                    UnixTimeText.Format(key.RevokedUnixMs));
            }

            table.Write(Console.Out);
            return 0;
        });
        return command;
    }
}
