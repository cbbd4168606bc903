namespace Granary.LoadTests.Targets;

/// <summary>What a benchmark run started and must stop: one server, or a cluster of them.</summary>
public interface IStartedTarget : IAsyncDisposable
{
    /// <summary>Stops it with SIGTERM: what did not exit cleanly, as problems for the report.</summary>
    Task<IReadOnlyList<string>> StopAsync();

    /// <summary>The server processes that answer its calls, whose CPU time a step charges to its requests.</summary>
    IReadOnlyList<int> ServerProcessIds { get; }
}
