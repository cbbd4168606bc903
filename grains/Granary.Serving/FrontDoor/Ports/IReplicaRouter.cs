using Granary.Inference;
using Granary.Models;

namespace Granary.FrontDoor.Ports;

/// <summary>Runs a validated request on one of the version's replicas.</summary>
public interface IReplicaRouter
{
    Task<InferenceResponse> InferAsync(InferenceRequest request, ModelVersionDescriptor version, CancellationToken cancellationToken);
}
