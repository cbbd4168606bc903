namespace Granary.LoadTests.Targets;

/// <summary>Where a sweep sends its calls; <see cref="Server"/> is the process this run started there, if any.</summary>
public sealed record SweepEndpoint(Uri Address, string? ApiKey, Uri? HttpAddress, RunningServer? Server)
{
    public static SweepEndpoint Of(RunningServer server) => new(server.Address, server.ApiKey, server.HttpAddress, server);
}
