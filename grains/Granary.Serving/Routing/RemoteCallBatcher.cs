using Granary.Inference;

namespace Granary.Routing;

/// <summary>
/// This silo's calls to one replica on another silo. While fewer than <c>callsInFlight</c> calls are out, a request
/// leaves at once in a call of its own; past that it waits, and when a call comes back everything waiting (up to
/// <c>requestsPerCall</c>) leaves together in one call. So an idle path adds no delay, and a busy one pays one grain call,
/// one message each way and one turn of the replica for many requests. A request its caller stopped waiting for before
/// it left is not sent. Each request answers for itself; a call that fails fails every request it carried.
/// </summary>
internal sealed class RemoteCallBatcher(
    Func<InferenceRequest[], CancellationToken, Task<InferenceResult[]>> send, int callsInFlight, int requestsPerCall, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Queue<Waiting> _waiting = new();
    private int _calls;

    /// <summary>Requests waiting for a call to leave in.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>
    /// The replica's answer to <paramref name="request"/>. <paramref name="timeout"/> bounds how long the call carrying it
    /// may run on the far side (the caller bounds its own wait); <paramref name="cancellationToken"/> withdraws it while it waits.
    /// </summary>
    public Task<InferenceResponse> InferAsync(InferenceRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(request, time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency), cancellationToken);
        List<Waiting>? leaving = null;
        lock (_lock)
        {
            if (_calls < callsInFlight)
            {
                _calls++;
                leaving = [waiting];
            }
            else
            {
                _waiting.Enqueue(waiting);
            }
        }

        if (leaving is not null)
        {
            _ = SendAsync(leaving);
        }

        return waiting.Answer.Task;
    }

    /// <summary>Sends one call, then as long as requests wait, the next one in the same slot of <c>callsInFlight</c>.</summary>
    private async Task SendAsync(List<Waiting> leaving)
    {
        while (true)
        {
            leaving.RemoveAll(static w => w.Withdrawn());
            if (leaving.Count > 0)
            {
                await CallAsync(leaving);
            }

            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _calls--;
                    return;
                }

                leaving = new List<Waiting>(Math.Min(_waiting.Count, requestsPerCall));
                while (leaving.Count < requestsPerCall && _waiting.TryDequeue(out var next))
                {
                    leaving.Add(next);
                }
            }
        }
    }

    private async Task CallAsync(List<Waiting> leaving)
    {
        // The far side may work on the call for as long as its most patient request is waited for.
        var left = time.GetElapsedTime(time.GetTimestamp(), leaving.Max(static w => w.Deadline));
        using var limit = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        try
        {
            var results = await send([.. leaving.Select(static w => w.Request)], limit.Token);
            for (var i = 0; i < leaving.Count; i++)
            {
                var result = i < results.Length ? results[i] : null;
                if (result?.Response is { } response)
                {
                    leaving[i].Answer.TrySetResult(response);
                }
                else
                {
                    leaving[i].Answer.TrySetException(result?.Error ?? new InvalidOperationException("the replica answered fewer requests than it was sent"));
                }
            }
        }
        catch (Exception e)
        {
            foreach (var waiting in leaving)
            {
                waiting.Answer.TrySetException(e);
            }
        }
    }

    private sealed class Waiting(InferenceRequest request, long deadline, CancellationToken cancellationToken)
    {
        public InferenceRequest Request { get; } = request;

        /// <summary>A timestamp of the batcher's clock: when the caller stops caring for the answer.</summary>
        public long Deadline { get; } = deadline;

        public TaskCompletionSource<InferenceResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether the caller withdrew it (then it is answered cancelled and not sent).</summary>
        public bool Withdrawn() => cancellationToken.IsCancellationRequested && Answer.TrySetCanceled(cancellationToken);
    }
}
