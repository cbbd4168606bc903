using Granary.FrontDoor.Ports;
using Granary.Inference;
using Granary.Models;

namespace Granary.UnitTests.FrontDoor;

/// <summary>Answers every request with no outputs, or throws what the test set; runs a test's check while "on the replica".</summary>
public sealed class FakeReplicas(CallLog log) : IReplicaRouter
{
    public Exception? Failure { get; set; }

    public Func<Task>? WhileRouting { get; set; }

    public List<InferenceRequest> Routed { get; } = [];

    public async Task<InferenceResponse> InferAsync(InferenceRequest request, ModelVersionDescriptor version, CancellationToken cancellationToken)
    {
        log.Add("route");
        Routed.Add(request);
        if (WhileRouting is not null)
        {
            await WhileRouting();
        }

        return Failure is null ? new InferenceResponse([], $"{request.Model}/{request.Version}/0") : throw Failure;
    }
}
