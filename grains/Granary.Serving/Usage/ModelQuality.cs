using Granary.Models;

namespace Granary.Usage;

/// <summary>
/// One model version's service quality over a window, from the ledger's roll-ups (see <see cref="ServiceQuality"/>
/// for the definitions). Percentiles and availability are null when no request counts towards them.
/// </summary>
public sealed record ModelQuality(
    string Model,
    string Version,
    long Requests,
    long Succeeded,
    double SuccessRate,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    double QueueShare,
    double MeanBatch,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    double? Availability,
    ServiceLevelObjective? Slo)
{
    /// <summary>Whether availability meets the stated target; null when none is stated or nothing counted.</summary>
    public bool? AvailabilityMet => Slo is { Availability: > 0 } && Availability is { } measured ? measured >= Slo.Availability : null;

    /// <summary>Whether p99 latency meets the stated target; null when none is stated or nothing succeeded.</summary>
    public bool? LatencyMet => Slo is { P99LatencyMs: > 0 } && P99Ms is { } measured ? measured <= Slo.P99LatencyMs : null;
}
