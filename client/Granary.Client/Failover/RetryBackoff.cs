namespace Granary.Client.Failover;

/// <summary>
/// gRPC's retry backoff: the n-th retry waits a uniformly random time up to
/// min(<see cref="Initial"/> × <see cref="Multiplier"/>^n, <see cref="Max"/>). The full jitter keeps callers that
/// failed together, when a server went away under them, from coming back together.
/// </summary>
internal sealed record RetryBackoff(TimeSpan Initial, TimeSpan Max, double Multiplier)
{
    /// <summary>The ceiling of the wait before retry <paramref name="retry"/> (0 for the first).</summary>
    public TimeSpan Ceiling(int retry)
    {
        var ticks = Initial.Ticks * Math.Pow(Multiplier, retry);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The wait before retry <paramref name="retry"/>, for a <paramref name="unit"/> drawn uniformly from [0, 1).</summary>
    public TimeSpan Delay(int retry, double unit) => TimeSpan.FromTicks((long)(Ceiling(retry).Ticks * Math.Clamp(unit, 0, 1)));
}
