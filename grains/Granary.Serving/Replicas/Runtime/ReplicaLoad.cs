namespace Granary.Replicas.Runtime;

/// <summary>
/// A replica's calls now in it (queued or running) and those it has answered, kept by its queued requests as they
/// are taken and as they end, whichever way they came in.
/// </summary>
internal sealed class ReplicaLoad
{
    private int _inFlight;
    private long _served;

    public int InFlight => Volatile.Read(ref _inFlight);

    public long Served => Interlocked.Read(ref _served);

    public void Taken() => Interlocked.Increment(ref _inFlight);

    public void Ended(bool served)
    {
        Interlocked.Decrement(ref _inFlight);
        if (served)
        {
            Interlocked.Increment(ref _served);
        }
    }
}
