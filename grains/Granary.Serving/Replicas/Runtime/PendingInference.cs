using System.Diagnostics;
using Granary.Inference;

namespace Granary.Replicas.Runtime;

/// <summary>A request waiting in a replica's queue, and the promise its caller awaits.</summary>
internal sealed class PendingInference(InferenceRequest request, bool batchable, long enqueuedAt, ReplicaLoad load)
{
    public InferenceRequest Request { get; } = request;

    /// <summary>When it was queued, a timestamp of the batcher's <see cref="TimeProvider"/>.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Rows this request adds to a batch; a model without a batch dimension runs one request per execution.</summary>
    public int Rows { get; } = batchable ? (int)request.Inputs[0].Rows : 1;

    /// <summary>The span the request was queued under (none when nothing traces), the parent of its run's span.</summary>
    public ActivityContext Parent { get; } = Activity.Current?.Context ?? default;

    private readonly TaskCompletionSource<InferenceResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The answer its caller awaits.</summary>
    public Task<InferenceResponse> Answer => _completion.Task;

    public LinkedListNode<PendingInference>? Node { get; set; }

    public CancellationTokenRegistration Cancellation { get; set; }

    /// <summary>Counts the request into its replica's load, as it is queued.</summary>
    public void Queued() => load.Taken();

    public void Succeed(InferenceResponse response)
    {
        Cancellation.Dispose();
        if (_completion.TrySetResult(response))
        {
            load.Ended(served: true);
        }
    }

    public void Fail(Exception error)
    {
        Cancellation.Dispose();
        if (_completion.TrySetException(error))
        {
            load.Ended(served: false);
        }
    }

    public void Cancel()
    {
        if (_completion.TrySetCanceled())
        {
            load.Ended(served: false);
        }
    }

    public bool IsExpired(DateTime nowUtc) => Request.DeadlineUtc is { } deadline && deadline <= nowUtc;

    /// <summary>Whether two requests can share a run: every input agrees on every dimension after the first.</summary>
    public bool CanStackWith(PendingInference other)
    {
        var mine = Request.Inputs;
        var theirs = other.Request.Inputs;
        for (var i = 0; i < mine.Count; i++)
        {
            if (!mine[i].Shape.AsSpan(1).SequenceEqual(theirs[i].Shape.AsSpan(1)))
            {
                return false;
            }
        }

        return true;
    }
}
