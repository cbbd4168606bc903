using System.CommandLine;
using Granary.Client;

namespace Granary.Cli;

/// <summary>The options every command shares to reach the server, each defaulting from its environment variable.</summary>
internal sealed class ConnectionOptions
{
    public const string AddressVariable = "GRANARY_ADDRESS";
    public const string ApiKeyVariable = "GRANARY_API_KEY";

    public Option<string> Address { get; } = new("--address")
    {
        Description = $"The server's gRPC address (env {AddressVariable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AddressVariable) ?? GranaryClientOptions.DefaultAddress,
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key sent as a bearer token (env {ApiKeyVariable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ApiKeyVariable),
        Recursive = true,
    };

    public GranaryClient CreateClient(ParseResult parseResult)
    {
        var options = new GranaryClientOptions { Address = parseResult.GetRequiredValue(Address), ApiKey = parseResult.GetValue(ApiKey) };
        try
        {
            return new GranaryClient(options);
        }
        catch (ArgumentException e)
        {
            throw new CommandInputException($"--address: {e.Message}", e);
        }
    }
}
