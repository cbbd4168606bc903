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
    /// <summary>Reserves device memory and loads the session if it is not loaded; returns where it runs and how busy it is.</summary>
    [Alias("Load")]
    Task<ReplicaStatus> LoadAsync();

    /// <summary>Takes the replica out of service: it drains its queue, releases its device memory and deactivates.</summary>
    [Alias("Retire")]
    Task RetireAsync();

    [Alias("Infer")]
    Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Several requests in one call, from a silo whose requests to this replica queued behind its calls in flight: all go
    /// into the batching queue at once, and each answers for itself, in the order sent.
    /// </summary>
    [Alias("InferMany")]
    Task<InferenceResult[]> InferManyAsync(InferenceRequest[] requests, CancellationToken cancellationToken = default);

    [Alias("GetStatistics"), Orleans.Concurrency.AlwaysInterleave]
    Task<ReplicaStatistics> GetStatisticsAsync();

    [Alias("GetStatus"), Orleans.Concurrency.AlwaysInterleave]
    Task<ReplicaStatus> GetStatusAsync();
}
