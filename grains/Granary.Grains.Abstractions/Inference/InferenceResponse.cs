namespace Granary.Inference;

/// <summary>The outputs of one request, in the order they were requested (all outputs when none were named).</summary>
[GenerateSerializer, Immutable, Alias("granary.InferenceResponse")]
public sealed record InferenceResponse(
    [property: Id(0)] IReadOnlyList<Tensor> Outputs,
    [property: Id(1)] string ReplicaId);
