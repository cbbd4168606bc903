namespace Granary.Silo.Serving;

/// <summary>Whether this silo has finished loading the repository's models and serves (ServerReady).</summary>
public sealed class ServerReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _ready = false;
}
