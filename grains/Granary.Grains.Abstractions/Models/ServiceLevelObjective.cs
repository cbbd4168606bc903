namespace Granary.Models;

/// <summary>
/// What a model's deployment promises (<c>deployment.slo</c> in <c>model.json</c>): an availability target (a
/// fraction, 0.999) and a p99 latency target in milliseconds; 0 for a target it does not state.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.ServiceLevelObjective")]
public sealed record ServiceLevelObjective(
    [property: Id(0)] double Availability,
    [property: Id(1)] double P99LatencyMs);
