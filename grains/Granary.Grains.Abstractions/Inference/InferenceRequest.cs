namespace Granary.Inference;

/// <summary>
/// One call to one model version, already checked against the model's signature at the edge.
/// <see cref="DeadlineUtc"/> lets a replica drop a request nobody waits for any more.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.InferenceRequest")]
public sealed record InferenceRequest(
    [property: Id(0)] string Model,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<Tensor> Inputs,
    [property: Id(3)] IReadOnlyList<string> RequestedOutputs,
    [property: Id(4)] DateTime? DeadlineUtc);
