namespace Granary.Models;

/// <summary>What an admin changes in a model's deployment; a null field stays as it is. <see cref="Device"/> is <c>cpu</c> or <c>gpu</c>.</summary>
[GenerateSerializer, Immutable, Alias("granary.DeploymentChange")]
public sealed record DeploymentChange(
    [property: Id(0)] int? Replicas,
    [property: Id(1)] int? MinReplicas,
    [property: Id(2)] int? MaxReplicas,
    [property: Id(3)] VersionPolicy? Policy,
    [property: Id(4)] string? Device = null,
    [property: Id(5)] long? MemoryMib = null);
