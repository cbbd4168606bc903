namespace Granary.Models;

/// <summary>Scale up when calls in flight per replica stay above the target for a window; scale down when idle.</summary>
[GenerateSerializer, Immutable, Alias("granary.AutoscalingSpec")]
public sealed record AutoscalingSpec(
    [property: Id(0)] int TargetInFlight,
    [property: Id(1)] TimeSpan ScaleUpAfter,
    [property: Id(2)] TimeSpan ScaleDownAfterIdle);
