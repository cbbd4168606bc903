namespace Granary.Usage;

/// <summary>
/// The ledger's latency histogram: counts per fixed bucket, the same bounds on every silo and in every hour, so
/// hours and silos merge by adding counts (a Redis HINCRBY per request, no coordination). Bucket i counts
/// latencies in (bound[i-1], bound[i]] µs, the first from 0, the last from the last bound to infinity. The bounds
/// only ever grow at the end, so stored counts keep their meaning. A percentile is interpolated linearly within
/// its bucket, so its error is at most that bucket's width (about 25 % of the value between 1 ms and 10 s).
/// </summary>
public static class LatencyHistogram
{
    /// <summary>Upper bounds in µs: 1-2-3-5-7.5 steps per decade from 50 µs to 60 s.</summary>
    public static IReadOnlyList<long> UpperBounds { get; } =
    [
        50, 100, 200, 300, 500, 750,
        1_000, 1_500, 2_000, 3_000, 5_000, 7_500,
        10_000, 15_000, 20_000, 30_000, 50_000, 75_000,
        100_000, 150_000, 200_000, 300_000, 500_000, 750_000,
        1_000_000, 1_500_000, 2_000_000, 3_000_000, 5_000_000, 7_500_000,
        10_000_000, 15_000_000, 20_000_000, 30_000_000, 60_000_000,
    ];

    /// <summary>Buckets in all: one per bound and the last, open one.</summary>
    public static int BucketCount => UpperBounds.Count + 1;

    public static int BucketOf(long microseconds)
    {
        var bounds = UpperBounds;
        int low = 0, high = bounds.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (microseconds <= bounds[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>A histogram holding one latency.</summary>
    public static long[] Of(long microseconds)
    {
        var counts = new long[BucketCount];
        counts[BucketOf(microseconds)] = 1;
        return counts;
    }

    /// <summary>The sum of two histograms, bucket by bucket; either may be shorter (written before a bound was added) or empty.</summary>
    public static long[] Add(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        var sum = new long[Math.Max(a.Count, b.Count)];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = (i < a.Count ? a[i] : 0) + (i < b.Count ? b[i] : 0);
        }

        return sum;
    }

    /// <summary>
    /// The latency below which a fraction <paramref name="quantile"/> (0 to 1) of the counted requests fall, in µs,
    /// interpolated within its bucket; the open last bucket answers its lower bound. Null when nothing was counted.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        var total = counts.Sum();
        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        long below = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            var count = counts[i];
            if (count > 0 && below + count >= rank)
            {
                double lower = i == 0 ? 0 : UpperBounds[Math.Min(i, UpperBounds.Count) - 1];
                if (i >= UpperBounds.Count)
                {
                    return lower;
                }

                return lower + (UpperBounds[i] - lower) * Math.Max(0, rank - below) / count;
            }

            below += count;
        }

        return UpperBounds[^1];
    }
}
