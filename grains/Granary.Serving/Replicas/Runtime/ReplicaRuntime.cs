using Granary.Inference;
using Granary.Models;
using Granary.Telemetry;
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

    internal ReplicaRuntime(
        string replicaId, InferenceSession session, string provider, ModelVersionDescriptor version, DeploymentSpec deployment, ReplicaInstruments instruments)
    {
        _session = session;
        Provider = provider;
        Version = version;
        var model = ReplicaKey.Parse(replicaId).Model;
        _statistics = new StatisticsRecorder(model, version.Version);
        var executor = new BatchExecutor(session, version, _statistics, replicaId, new BatchTelemetry(instruments, model, version.Version));
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

    /// <summary>Calls in this runtime now, queued or running, whichever way they came in.</summary>
    public int InFlight => _batcher.Load.InFlight;

    /// <summary>Calls this runtime has answered.</summary>
    public long Served => _batcher.Load.Served;

    /// <summary>
    /// Queues the request for a batch. Untraced, the caller awaits the queue's own answer, with no step of this runtime's
    /// in between, and a caller off the Orleans scheduler (<paramref name="callerMayRun"/>) may run it itself when the
    /// replica is idle (<see cref="DynamicBatcher.Enqueue"/>).
    /// </summary>
    public Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken, bool callerMayRun = false) =>
        GranaryTracing.Source.HasListeners() ? TracedAsync(request, cancellationToken) : _batcher.Enqueue(request, cancellationToken, callerMayRun);

    private async Task<InferenceResponse> TracedAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        // The request's span in the batcher: from queueing to its answer; the run itself is a child span made by the executor.
        using var span = GranaryTracing.Source.StartActivity(GranaryInstruments.Spans.Queue);
        return await _batcher.Enqueue(request, cancellationToken);
    }

    public ReplicaStatistics Statistics() => _statistics.Snapshot();

    public void Dispose()
    {
        _batcher.Dispose();
        _session.Dispose();
    }
}
