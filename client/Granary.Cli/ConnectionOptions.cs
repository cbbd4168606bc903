using System.CommandLine;
using Granary.Client;

namespace Granary.Cli;

/// <summary>The options every command shares to reach the server, each falling back to its environment variable.</summary>
internal sealed class ConnectionOptions
{
    public const string AddressVariable = "GRANARY_ADDRESS";
    public const string EndpointsVariable = "GRANARY_ENDPOINTS";
    public const string ApiKeyVariable = "GRANARY_API_KEY";
    public const string CaCertificateVariable = "GRANARY_CA_CERT";

    public Option<string> Address { get; } = new("--address")
    {
        Description = $"The server's gRPC address (env {AddressVariable}).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AddressVariable) ?? GranaryClientOptions.DefaultAddress,
        Recursive = true,
    };

    /// <summary>Several servers of one cluster, comma separated or the option repeated; when given, --address is not used.</summary>
    public Option<string[]> Endpoints { get; } = new("--endpoint")
    {
        Description = $"Servers of one cluster to fail over between, comma separated or repeated; used instead of --address (env {EndpointsVariable}).",
        DefaultValueFactory = _ => Split(Environment.GetEnvironmentVariable(EndpointsVariable)),
        CustomParser = result => [.. result.Tokens.SelectMany(token => Split(token.Value))],
        Recursive = true,
    };

    /// <summary>
    /// No default value: help prints an option's default, and a key is a secret. The environment variable is
    /// read when the client is made (<see cref="ApiKeyOf"/>), so help names it without showing its value.
    /// </summary>
    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = $"The API key sent as a bearer token; when absent, the value of the environment variable {ApiKeyVariable}.",
        Recursive = true,
    };

    /// <summary>Read when the client is made, like the key, so help shows no path it did not need.</summary>
    public Option<string?> CaCertificate { get; } = new("--ca-cert")
    {
        Description = $"For https:// addresses: a PEM file of the CA (or self-signed certificate) to trust besides the system's roots; when absent, the value of {CaCertificateVariable}.",
        Recursive = true,
    };

    public string? ApiKeyOf(ParseResult parseResult) => parseResult.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable(ApiKeyVariable);

    public GranaryClient CreateClient(ParseResult parseResult)
    {
        var options = new GranaryClientOptions
        {
            Address = parseResult.GetRequiredValue(Address),
            Endpoints = parseResult.GetValue(Endpoints) ?? [],
            ApiKey = ApiKeyOf(parseResult),
            CaCertificatePath = parseResult.GetValue(CaCertificate) ?? Environment.GetEnvironmentVariable(CaCertificateVariable),
        };
        try
        {
            return new GranaryClient(options);
        }
        catch (ArgumentException e)
        {
            var option = e.Message.StartsWith(nameof(GranaryClientOptions.CaCertificatePath), StringComparison.Ordinal) ? "--ca-cert"
                : e.Message.StartsWith(nameof(GranaryClientOptions.Endpoints), StringComparison.Ordinal) ? "--endpoint"
                : "--address";
            throw new CommandInputException($"{option}: {e.Message}", e);
        }
    }

    private static string[] Split(string? endpoints) =>
        endpoints?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
