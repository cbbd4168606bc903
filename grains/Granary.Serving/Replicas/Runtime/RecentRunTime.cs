namespace Granary.Replicas.Runtime;

/// <summary>
/// How long a replica's runs have taken lately: a moving average that weighs each new run a quarter, so a few runs
/// after a change of load are enough to follow it. Unknown (infinite) until the first run. Not thread-safe: the
/// batcher updates and reads it under its lock.
/// </summary>
internal sealed class RecentRunTime
{
    private const double NewRunWeight = 0.25;
    private double _averageTicks = double.PositiveInfinity;

    public TimeSpan Average => double.IsPositiveInfinity(_averageTicks) ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)_averageTicks);

    public void Add(TimeSpan run) =>
        _averageTicks = double.IsPositiveInfinity(_averageTicks) ? run.Ticks : _averageTicks + NewRunWeight * (run.Ticks - _averageTicks);
}
