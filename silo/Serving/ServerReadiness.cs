namespace Granary.Silo.Serving;

/// <summary>
/// Whether this silo serves (ServerReady, <c>/healthz/ready</c>): false while it starts, true once it has joined the
/// cluster and loaded the repository's models, false for good once it starts to stop.
/// </summary>
public sealed class ServerReadiness
{
    private volatile bool _ready;
    private volatile bool _stopping;

    public bool IsReady => _ready && !_stopping;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _stopping = true;
}
