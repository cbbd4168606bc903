using Granary.Inference;

namespace Granary.FrontDoor;

/// <summary>
/// One inference as a protocol adapter hands it to the front door: the model and version named on the
/// wire, the deadline, and how to read the body. The body is decoded only after the caller is known and
/// may see the model, so an unauthenticated caller costs no decoding. The idempotency key, when the caller sent
/// one, makes its retries count once in the usage ledger.
/// </summary>
public sealed record InferenceCall(string Model, string Version, DateTime? DeadlineUtc, InferenceBodyDecoder DecodeBody, string? IdempotencyKey = null);

/// <summary>Reads the inputs and requested outputs of a call; throws <see cref="InvalidInferenceRequestException"/> on malformed input.</summary>
public delegate ValueTask<InferenceBody> InferenceBodyDecoder(CancellationToken cancellationToken);

/// <summary>The decoded inputs (raw layout) and the names of the outputs asked for (none: all of them).</summary>
public sealed record InferenceBody(IReadOnlyList<Tensor> Inputs, IReadOnlyList<string> RequestedOutputs);
