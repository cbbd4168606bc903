namespace Granary.LoadTests.Targets;

/// <summary>
/// Where a sweep sends its calls: one server, or several silos of one cluster taken in turn. <see cref="Owned"/> is
/// what this run started there (stopped with SIGTERM at the end), if anything.
/// </summary>
public sealed record SweepEndpoint(IReadOnlyList<Uri> Addresses, string? ApiKey, Uri? HttpAddress, IStartedTarget? Owned)
{
    public static SweepEndpoint Of(RunningServer server) => new([server.Address], server.ApiKey, server.HttpAddress, server);
}
