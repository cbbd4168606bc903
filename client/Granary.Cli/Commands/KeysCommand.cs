using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary keys</c>: the API keys a tenant's callers authenticate with.</summary>
internal static class KeysCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("keys", "Issue, revoke and list a tenant's API keys. Needs an admin key (--api-key or GRANARY_API_KEY).")
        {
            KeysIssueCommand.Create(connection),
            KeysRevokeCommand.Create(connection),
            KeysListCommand.Create(connection),
        };
}
