namespace Granary.Models;

/// <summary>The percentage of a model's unpinned requests that one version serves.</summary>
[GenerateSerializer, Immutable, Alias("granary.TrafficShare")]
public sealed record TrafficShare([property: Id(0)] long Version, [property: Id(1)] int Percent);
