namespace Granary.Models;

/// <summary>
/// How a model is deployed: replicas (initial, minimum, maximum), workers per replica, ONNX Runtime threads,
/// dynamic batching, what a replica needs from its silo (device class, memory, labels), its price and its service-level
/// objective when it states them, and which versions are loaded (none: all of them). The version policy's id stands apart from the others so fields
/// added beside it by other work do not collide.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.DeploymentSpec")]
public sealed record DeploymentSpec(
    [property: Id(0)] int Replicas,
    [property: Id(1)] int Instances,
    [property: Id(2)] int IntraOpThreads,
    [property: Id(3)] int MaxBatchSize,
    [property: Id(4)] long MaxQueueDelayUs,
    [property: Id(5)] int[] PreferredBatchSizes,
    [property: Id(6)] int MaxQueueSize,
    [property: Id(7)] string Device,
    [property: Id(8)] int MinReplicas,
    [property: Id(9)] int MaxReplicas,
    [property: Id(10)] long MemoryBytes,
    [property: Id(11)] Dictionary<string, string> RequiredLabels,
    [property: Id(12)] AutoscalingSpec Autoscaling,
    [property: Id(13)] ModelPrice? Price = null,
    [property: Id(14)] ServiceLevelObjective? Slo = null,
    [property: Id(20)] VersionPolicy? Policy = null)
{
    public VersionPolicy PolicyOrAll => Policy ?? VersionPolicy.All;
}
