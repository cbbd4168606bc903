namespace Granary.LoadTests.Targets;

/// <summary>A server this run started, ready to serve at <see cref="Address"/>; disposing it stops it.</summary>
public sealed class RunningServer(ChildProcess process, Uri address, string? apiKey = null, Uri? httpAddress = null) : IStartedTarget
{
    public ChildProcess Process { get; } = process;

    public Uri Address { get; } = address;

    /// <summary>Where the server answers REST (KServe v2); null when it serves gRPC only.</summary>
    public Uri? HttpAddress { get; } = httpAddress;

    /// <summary>The key the benchmark's calls carry; null when the server asks for none.</summary>
    public string? ApiKey { get; } = apiKey;

    public IReadOnlyList<int> ServerProcessIds => [Process.Id];

    /// <summary>Stops the server with SIGTERM and holds it to a clean exit: the problem when it did not exit 0.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        var exitCode = await Process.StopAsync();
        return exitCode == 0 ? [] : [$"{Process.Name} exited with code {exitCode} on SIGTERM; log {Process.LogPath}"];
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
