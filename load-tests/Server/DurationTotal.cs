using Granary.Protocol.Inference;

namespace Granary.LoadTests.Server;

/// <summary>A cumulative count and total time in nanoseconds, as Triton's statistics report them.</summary>
public readonly record struct DurationTotal(long Count, long Ns)
{
    public static DurationTotal Of(StatisticDuration? duration) =>
        duration is null ? default : new DurationTotal((long)duration.Count, (long)duration.Ns);

    public static DurationTotal operator +(DurationTotal left, DurationTotal right) => new(left.Count + right.Count, left.Ns + right.Ns);

    public static DurationTotal operator -(DurationTotal left, DurationTotal right) => new(left.Count - right.Count, left.Ns - right.Ns);

    /// <summary>Mean microseconds per counted item; zero when nothing was counted.</summary>
    public double MeanUs => Count <= 0 ? 0 : Math.Round(Ns / 1000.0 / Count, 1);
}
