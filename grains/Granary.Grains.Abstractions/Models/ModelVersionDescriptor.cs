using Granary.Replicas;

namespace Granary.Models;

/// <summary>One version of a model: its signature, whether it serves, and the replica grains that serve it.</summary>
[GenerateSerializer, Immutable, Alias("granary.ModelVersionDescriptor")]
public sealed record ModelVersionDescriptor(
    [property: Id(0)] long Version,
    [property: Id(1)] ModelVersionState State,
    [property: Id(2)] string Reason,
    [property: Id(3)] IReadOnlyList<TensorSpec> Inputs,
    [property: Id(4)] IReadOnlyList<TensorSpec> Outputs,
    [property: Id(5)] IReadOnlyList<string> ReplicaIds,
    [property: Id(6)] IReadOnlyList<string>? RegionalReplicaIds = null)
{
    /// <summary>
    /// The ready replicas pinned to <paramref name="region"/> (keys <c>model/version/region/index</c>): the only
    /// ones a tenant with that region may be served by. Empty when the controller has placed none there yet.
    /// </summary>
    public IReadOnlyList<string> ReplicasIn(string region) =>
        (RegionalReplicaIds ?? []).Where(id => ReplicaKey.RegionOf(id) == region).ToArray();

    /// <summary>
    /// Whether requests can be stacked along the first dimension: batching is on and every input and
    /// output has a dynamic first dimension.
    /// </summary>
    public bool IsBatchable(DeploymentSpec deployment) =>
        deployment.MaxBatchSize > 0
        && Inputs.All(i => i.Shape.Length > 0 && i.Shape[0] == -1)
        && Outputs.All(o => o.Shape.Length > 0 && o.Shape[0] == -1);
}
