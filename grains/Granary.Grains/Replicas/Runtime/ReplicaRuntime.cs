using Granary.Inference;
using Granary.Models;
using Microsoft.ML.OnnxRuntime;

namespace Granary.Replicas.Runtime;

/// <summary>
/// Everything one replica owns outside the grain: its ONNX Runtime session, the batching queue and the
/// worker threads that run it. Disposing drains the queue, then releases the session.
/// </summary>
public sealed class ReplicaRuntime : IDisposable
{
    private readonly InferenceSession _session;
    private readonly DynamicBatcher _batcher;
    private readonly StatisticsRecorder _statistics;

    internal ReplicaRuntime(string replicaId, InferenceSession session, string provider, ModelVersionDescriptor version, DeploymentSpec deployment)
    {
        _session = session;
        Provider = provider;
        Version = version;
        _statistics = new StatisticsRecorder(ReplicaKey.Parse(replicaId).Model, version.Version);
        var executor = new BatchExecutor(session, version, _statistics, replicaId);
        _batcher = new DynamicBatcher(
            replicaId,
            deployment.Instances,
            BatchingPolicy.For(deployment, version.IsBatchable(deployment)),
            executor.Execute,
            executor.Fail);
    }

    public string Provider { get; }

    public ModelVersionDescriptor Version { get; }

    public int QueueLength => _batcher.QueueLength;

    public Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken) =>
        _batcher.Enqueue(request, cancellationToken);

    public ReplicaStatistics Statistics() => _statistics.Snapshot();

    public void Dispose()
    {
        _batcher.Dispose();
        _session.Dispose();
    }
}
