namespace Granary.Models;

/// <summary>What an admin changes in a model's deployment; a null field stays as it is.</summary>
[GenerateSerializer, Immutable, Alias("granary.DeploymentChange")]
public sealed record DeploymentChange(
    [property: Id(0)] int? Replicas,
    [property: Id(1)] int? MinReplicas,
    [property: Id(2)] int? MaxReplicas,
    [property: Id(3)] VersionPolicy? Policy);
