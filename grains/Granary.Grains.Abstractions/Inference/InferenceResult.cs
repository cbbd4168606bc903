namespace Granary.Inference;

/// <summary>One request's end in a call that carried several: its response, or the error it alone failed with.</summary>
[GenerateSerializer, Immutable, Alias("granary.InferenceResult")]
public sealed record InferenceResult(
    [property: Id(0)] InferenceResponse? Response,
    [property: Id(1)] Exception? Error);
