namespace Granary.Routing;

/// <summary>
/// A replica's recent latency as this silo sees it, smoothed as TCP smooths round trips (RFC 6298): a moving mean
/// (gain 1/8) and a moving mean deviation (gain 1/4). Mean plus four deviations sits above nearly every recent call,
/// about a p99, without keeping samples, and follows a replica that slows down within a few calls. Thread-safe.
/// </summary>
public sealed class LatencyEstimate
{
    private const double MeanGain = 1.0 / 8;
    private const double DeviationGain = 1.0 / 4;

    private readonly Lock _lock = new();
    private double _meanSeconds;
    private double _deviationSeconds;
    private bool _sampled;

    /// <summary>Mean plus four mean deviations of the recent calls; null before the first.</summary>
    public TimeSpan? Upper
    {
        get
        {
            lock (_lock)
            {
                return _sampled ? TimeSpan.FromSeconds(_meanSeconds + (4 * _deviationSeconds)) : null;
            }
        }
    }

    public void Observe(TimeSpan latency)
    {
        var seconds = Math.Max(0, latency.TotalSeconds);
        lock (_lock)
        {
            if (!_sampled)
            {
                (_meanSeconds, _deviationSeconds, _sampled) = (seconds, seconds / 2, true);
                return;
            }

            _deviationSeconds += DeviationGain * (Math.Abs(seconds - _meanSeconds) - _deviationSeconds);
            _meanSeconds += MeanGain * (seconds - _meanSeconds);
        }
    }
}
