using Granary.Inference;
using Granary.Models;

namespace Granary.Replicas;

/// <summary>
/// One ONNX Runtime session of one model version on one silo, with its batching queue and workers.
/// Keyed <c>model/version/index</c> (see <see cref="ReplicaKey"/>).
/// </summary>
[Alias("granary.IModelReplicaGrain")]
public interface IModelReplicaGrain : IGrainWithStringKey
{
    /// <summary>Loads the session if it is not loaded; returns the version's signature as the runtime sees it.</summary>
    [Alias("Load")]
    Task<ModelVersionDescriptor> LoadAsync();

    [Alias("Infer")]
    Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default);

    [Alias("GetStatistics"), Orleans.Concurrency.AlwaysInterleave]
    Task<ReplicaStatistics> GetStatisticsAsync();

    [Alias("GetStatus"), Orleans.Concurrency.AlwaysInterleave]
    Task<ReplicaStatus> GetStatusAsync();
}
