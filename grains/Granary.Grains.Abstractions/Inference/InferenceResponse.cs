namespace Granary.Inference;

/// <summary>
/// The outputs of one request, in the order they were requested (all outputs when none were named), and what
/// running it took: time queued, time computing, and how many requests shared its batch (for the usage ledger).
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.InferenceResponse")]
public sealed record InferenceResponse(
    [property: Id(0)] IReadOnlyList<Tensor> Outputs,
    [property: Id(1)] string ReplicaId)
{
    [Id(2)]
    public long QueueMicroseconds { get; init; }

    [Id(3)]
    public long ComputeMicroseconds { get; init; }

    [Id(4)]
    public int BatchSize { get; init; }
}
