using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary keys revoke TENANT KEY-ID</c>: the key is refused from then on.</summary>
internal static class KeysRevokeCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant the key belongs to." };
        var keyId = new Argument<string>("key-id") { Description = "The key's id, as 'keys list' shows it." };
        var command = new Command("revoke", "Revoke one of a tenant's API keys; calls with it are refused from then on.") { tenant, keyId };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var key = await client.RevokeApiKeyAsync(parseResult.GetRequiredValue(tenant), parseResult.GetRequiredValue(keyId), cancellationToken);
            Console.Out.WriteLine($"key {key.Id} ({key.Name}) of tenant {key.TenantId} revoked at {UnixTimeText.Format(key.RevokedUnixMs)}");
            return 0;
        });
        return command;
    }
}
