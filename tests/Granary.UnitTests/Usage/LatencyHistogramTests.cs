using Granary.Usage;

namespace Granary.UnitTests.Usage;

/// <summary>
/// The ledger's fixed-bucket latency histogram: silos and hours merge by adding counts, and percentiles are
/// interpolated within a bucket, so a percentile of merged parts equals the percentile of the whole.
/// </summary>
public sealed class LatencyHistogramTests
{
    private static long[] Of(params long[] microseconds) =>
        microseconds.Aggregate((IReadOnlyList<long>)[], (sum, m) => LatencyHistogram.Add(sum, LatencyHistogram.Of(m))).ToArray();

    [Theory]
    [InlineData(0, 0)]
    [InlineData(50, 0)]
    [InlineData(51, 1)]
    [InlineData(1_000, 6)]
    [InlineData(1_001, 7)]
    [InlineData(60_000_000, 34)]
    [InlineData(60_000_001, 35)]
    [InlineData(long.MaxValue, 35)]
    public void A_latency_lands_in_the_bucket_whose_upper_bound_is_the_first_not_below_it(long microseconds, int bucket)
    {
        Assert.Equal(bucket, LatencyHistogram.BucketOf(microseconds));
    }

    [Fact]
    public void Bounds_rise_strictly_so_every_latency_has_one_bucket()
    {
        var bounds = LatencyHistogram.UpperBounds;
        Assert.All(bounds.Zip(bounds.Skip(1)), pair => Assert.True(pair.First < pair.Second, $"bound {pair.First} is not below {pair.Second}"));
    }

    [Fact]
    public void Merging_silos_and_hours_by_adding_counts_gives_the_histogram_of_all_their_requests()
    {
        long[] siloA = [800, 1_200, 4_000, 9_000], siloB = [900, 30_000], nextHour = [2_500, 2_600, 70_000_000];

        var merged = LatencyHistogram.Add(LatencyHistogram.Add(Of(siloA), Of(siloB)), Of(nextHour));

        Assert.Equal(Of([.. siloA, .. siloB, .. nextHour]), merged);
        Assert.Equal(9, merged.Sum());
    }

    [Fact]
    public void A_histogram_stored_with_fewer_buckets_merges_as_zeros_in_the_missing_ones()
    {
        Assert.Equal([1, 2, 5], LatencyHistogram.Add([1, 2], [0, 0, 5]));
        Assert.Equal([3], LatencyHistogram.Add([], [3]));
    }

    [Fact]
    public void A_percentile_is_interpolated_linearly_within_its_bucket()
    {
        // 100 requests in (1,000, 1,500] µs: the median is half way through that bucket.
        var counts = new long[LatencyHistogram.BucketCount];
        counts[7] = 100;

        Assert.Equal(1_250, LatencyHistogram.Percentile(counts, 0.5));
        Assert.Equal(1_495, LatencyHistogram.Percentile(counts, 0.99));
        Assert.Equal(1_000, LatencyHistogram.Percentile(counts, 0));
        Assert.Equal(1_500, LatencyHistogram.Percentile(counts, 1));
    }

    [Fact]
    public void A_percentile_walks_the_cumulative_counts_across_buckets()
    {
        // 90 requests at most 50 µs, 10 in (5 ms, 7.5 ms]: p50 is in the first bucket, p95 half way through the other.
        var counts = new long[LatencyHistogram.BucketCount];
        counts[0] = 90;
        counts[11] = 10;

        Assert.Equal(50.0 * 50 / 90, LatencyHistogram.Percentile(counts, 0.5));
        Assert.Equal(6_250, LatencyHistogram.Percentile(counts, 0.95));
    }

    [Fact]
    public void The_open_last_bucket_answers_its_lower_bound_and_an_empty_histogram_no_percentile()
    {
        Assert.Equal(60_000_000, LatencyHistogram.Percentile(Of(90_000_000), 0.99));
        Assert.Null(LatencyHistogram.Percentile([], 0.5));
        Assert.Null(LatencyHistogram.Percentile(new long[LatencyHistogram.BucketCount], 0.5));
    }

    [Fact]
    public void A_percentile_is_within_its_buckets_width_of_the_exact_one()
    {
        var random = new Random(7);
        var latencies = Enumerable.Range(0, 5_000).Select(_ => (long)(Math.Exp(random.NextDouble() * 10) * 100)).Order().ToArray();
        var histogram = Of(latencies);

        foreach (var quantile in new[] { 0.5, 0.95, 0.99 })
        {
            var exact = latencies[(int)Math.Ceiling(quantile * latencies.Length) - 1];
            var bucket = LatencyHistogram.BucketOf(exact);
            var width = LatencyHistogram.UpperBounds[bucket] - (bucket == 0 ? 0 : LatencyHistogram.UpperBounds[bucket - 1]);
            var estimate = LatencyHistogram.Percentile(histogram, quantile)!.Value;
            Assert.True(Math.Abs(estimate - exact) <= width, $"p{quantile * 100}: estimate {estimate} µs, exact {exact} µs, bucket width {width} µs");
        }
    }
}
