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

    /// <summary>This silo's calls to the replica, several requests to a call while the replica is busy.</summary>
    private readonly RemoteCallBatcher _calls = new(
        (requests, token) => grain.InferManyAsync(requests, token), options.RemoteCallsInFlight, options.RequestsPerRemoteCall, time);

    /// <summary>
    /// The replica's answer through its grain (in a call it may share with other requests of this silo's), or a
    /// <see cref="TimeoutException"/> once <paramref name="timeout"/> has passed: a request still waiting to leave is not
    /// sent, one that left is cancelled with its call's other requests (best effort on the far silo) only when they are all
    /// given up, and this silo stops waiting at once.
    /// </summary>
    public async Task<InferenceResponse> InferRemoteAsync(InferenceRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var timer = new CancellationTokenSource(timeout, time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var pending = _calls.InferAsync(request, timeout, call.Token);
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
