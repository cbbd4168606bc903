using System.Globalization;
using Granary.Models;

namespace Granary.Usage;

/// <summary>
/// Service quality per model and version from the ledger's hourly cells, summed over the cells given:
/// <list type="bullet">
/// <item>requests: every metered request, whatever its end; success rate: OK / requests.</item>
/// <item>p50, p95, p99: latency (front door to answer) of the OK requests, from the merged fixed-bucket histograms.</item>
/// <item>queue share: time OK requests waited in a replica's queue / their latency, summed.</item>
/// <item>mean batch: the batch sizes OK requests ran in / OK requests.</item>
/// <item>availability: OK / (OK + requests the service failed: <see cref="CountAgainstAvailability"/>). Refusals that
/// are the caller's (bad input, unknown model, quota, cancelled) count neither way.</item>
/// </list>
/// </summary>
public static class ServiceQuality
{
    /// <summary>
    /// Ends that are the service's fault, reached a model or not: UNAVAILABLE (loading, no silo, and
    /// FAILED_PRECONDITION, no device fits, which the ledger records as UNAVAILABLE), INTERNAL, QUEUE_FULL and
    /// DEADLINE_EXCEEDED (the deadline passed while queued).
    /// </summary>
    public static IReadOnlySet<string> CountAgainstAvailability { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        UsageStatus.Unavailable, UsageStatus.Internal, UsageStatus.QueueFull, UsageStatus.DeadlineExceeded,
    };

    /// <param name="sloOf">The objective a model's deployment states, or null.</param>
    public static IReadOnlyList<ModelQuality> Of(IEnumerable<HourlyUsage> cells, Func<string, ServiceLevelObjective?> sloOf) =>
        cells
            .GroupBy(c => (c.Model, c.Version))
            .Select(version => Measure(version.Key.Model, version.Key.Version, version.ToArray(), sloOf(version.Key.Model)))
            .OrderBy(q => q.Model, StringComparer.Ordinal)
            .ThenBy(q => long.TryParse(q.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : long.MaxValue)
            .ToArray();

    private static ModelQuality Measure(string model, string version, IReadOnlyList<HourlyUsage> cells, ServiceLevelObjective? slo)
    {
        var served = cells.Where(c => c.Status == UsageStatus.Ok).ToArray();
        var requests = cells.Sum(c => c.Requests);
        var succeeded = served.Sum(c => c.Requests);
        var failedByService = cells.Where(c => CountAgainstAvailability.Contains(c.Status)).Sum(c => c.Requests);
        var latency = served.Aggregate((IReadOnlyList<long>)[], (sum, c) => LatencyHistogram.Add(sum, c.LatencyCounts));
        var latencyTotal = served.Sum(c => c.LatencyMicroseconds);
        var errors = cells
            .Where(c => c.Status != UsageStatus.Ok)
            .GroupBy(c => c.Status, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Requests), StringComparer.Ordinal);
        return new ModelQuality(
            model,
            version,
            requests,
            succeeded,
            requests == 0 ? 0 : (double)succeeded / requests,
            Milliseconds(LatencyHistogram.Percentile(latency, 0.50)),
            Milliseconds(LatencyHistogram.Percentile(latency, 0.95)),
            Milliseconds(LatencyHistogram.Percentile(latency, 0.99)),
            latencyTotal == 0 ? 0 : Math.Min(1, (double)served.Sum(c => c.QueueMicroseconds) / latencyTotal),
            succeeded == 0 ? 0 : (double)served.Sum(c => c.BatchRows) / succeeded,
            errors,
            succeeded + failedByService == 0 ? null : (double)succeeded / (succeeded + failedByService),
            slo);
    }

    private static double? Milliseconds(double? microseconds) => microseconds / 1000.0;
}
