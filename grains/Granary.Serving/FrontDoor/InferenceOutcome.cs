using Granary.Inference;
using Granary.Models;
using Granary.Tenants.Admission;

namespace Granary.FrontDoor;

/// <summary>What the front door answers for a served inference: the version that ran, its outputs, and the caller's rate limits after it.</summary>
public sealed record InferenceOutcome(ModelVersionDescriptor Version, InferenceResponse Response, Admission RateLimits);
