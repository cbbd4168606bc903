using HdrHistogram;

namespace Granary.LoadTests.Load;

/// <summary>Latency percentiles in microseconds.</summary>
public sealed record LatencySummary(long Count, double Mean, long P50, long P90, long P99, long P999, long Max)
{
    public static LatencySummary Of(HistogramBase histogram) =>
        histogram.TotalCount == 0
            ? new LatencySummary(0, 0, 0, 0, 0, 0, 0)
            : new LatencySummary(
                histogram.TotalCount,
                Math.Round(histogram.GetMean(), 1),
                histogram.GetValueAtPercentile(50),
                histogram.GetValueAtPercentile(90),
                histogram.GetValueAtPercentile(99),
                histogram.GetValueAtPercentile(99.9),
                histogram.GetMaxValue());
}
