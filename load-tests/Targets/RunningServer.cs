namespace Granary.LoadTests.Targets;

/// <summary>A server this run started, ready to serve at <see cref="Address"/>; disposing it stops it.</summary>
public sealed class RunningServer(ChildProcess process, Uri address) : IAsyncDisposable
{
    public ChildProcess Process { get; } = process;

    public Uri Address { get; } = address;

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
