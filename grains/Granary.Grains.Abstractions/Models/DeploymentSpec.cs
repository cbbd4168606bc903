namespace Granary.Models;

/// <summary>How a model is deployed: replicas, workers per replica, ONNX Runtime threads and dynamic batching.</summary>
[GenerateSerializer, Immutable, Alias("granary.DeploymentSpec")]
public sealed record DeploymentSpec(
    [property: Id(0)] int Replicas,
    [property: Id(1)] int Instances,
    [property: Id(2)] int IntraOpThreads,
    [property: Id(3)] int MaxBatchSize,
    [property: Id(4)] long MaxQueueDelayUs,
    [property: Id(5)] int[] PreferredBatchSizes,
    [property: Id(6)] int MaxQueueSize,
    [property: Id(7)] string Device);
