namespace Granary.Routing;

/// <summary>
/// Outlier detection for one replica, in the manner of Envoy's: after <see cref="RoutingOptions.ConsecutiveFailuresToEject"/>
/// timeouts or unreachable answers in a row the router leaves the replica out of its choice for
/// <see cref="RoutingOptions.BaseEjection"/> × the times it was ejected, at most <see cref="RoutingOptions.MaxEjection"/>.
/// A replica that then serves for as long as it was last out starts again from one ejection. The caller decides whether
/// an ejection is allowed (<see cref="MayEject"/>), so a version never loses more than its share of replicas. Thread-safe.
/// </summary>
public sealed class OutlierEjection(RoutingOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private int _timesEjected;
    private long _ejectedUntil = long.MinValue;
    private long _lastEjectionTicks;

    public int TimesEjected
    {
        get
        {
            lock (_lock)
            {
                return _timesEjected;
            }
        }
    }

    /// <summary>Whether at most <paramref name="maxPercent"/> % of <paramref name="replicas"/> stay out after one more ejection.</summary>
    public static bool MayEject(int ejected, int replicas, int maxPercent) => (ejected + 1) * 100 <= maxPercent * replicas;

    public bool IsEjected() => time.GetTimestamp() < Volatile.Read(ref _ejectedUntil);

    public void Succeeded()
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            _consecutiveFailures = 0;
            if (_timesEjected > 0 && now >= _ejectedUntil && now - _ejectedUntil >= _lastEjectionTicks)
            {
                _timesEjected = 0;
            }
        }
    }

    /// <summary>Counts a timeout or an unreachable replica; true when this failure ejected it.</summary>
    public bool Failed(bool mayEject)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (now < _ejectedUntil || ++_consecutiveFailures < options.ConsecutiveFailuresToEject || !mayEject)
            {
                return false;
            }

            _consecutiveFailures = 0;
            _timesEjected++;
            var ejection = options.BaseEjection * _timesEjected;
            if (ejection > options.MaxEjection)
            {
                ejection = options.MaxEjection;
            }

            _lastEjectionTicks = (long)(ejection.TotalSeconds * time.TimestampFrequency);
            Volatile.Write(ref _ejectedUntil, now + _lastEjectionTicks);
            return true;
        }
    }
}
