using Granary.Inference;
using Granary.Replicas;

namespace Granary.Routing;

/// <summary>
/// What this silo's router knows of one replica: calls in flight from here, its recent latency, and whether it is
/// ejected for now. A call to it on another silo is given up after its timeout, counted against the replica.
/// </summary>
internal sealed class ReplicaSlot(string replicaId, IModelReplicaGrain grain, RoutingOptions options, TimeProvider time)
{
    public int InFlight;

    public string ReplicaId { get; } = replicaId;

    public LatencyEstimate Latency { get; } = new();

    public OutlierEjection Ejection { get; } = new(options, time);

    /// <summary>
    /// The replica's answer through its grain, or a <see cref="TimeoutException"/> once <paramref name="timeout"/> has
    /// passed: the call is cancelled (best effort on the far silo) and this silo stops waiting at once.
    /// </summary>
    public async Task<InferenceResponse> InferRemoteAsync(InferenceRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var timer = new CancellationTokenSource(timeout, time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var pending = grain.InferAsync(request, call.Token);
        try
        {
            var response = await pending.WaitAsync(call.Token);
            Latency.Observe(time.GetElapsedTime(started));
            Ejection.Succeeded();
            return response;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The abandoned call ends later (an answer nobody waits for, or the silo declared dead): observe it.
            _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new TimeoutException($"replica {ReplicaId} did not answer within {timeout.TotalMilliseconds:0} ms");
        }
    }
}
