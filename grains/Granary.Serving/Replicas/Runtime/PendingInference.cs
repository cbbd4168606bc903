using System.Diagnostics;
using Granary.Inference;

namespace Granary.Replicas.Runtime;

/// <summary>A request waiting in a replica's queue, and the promise its caller awaits.</summary>
internal sealed class PendingInference(InferenceRequest request, bool batchable, long enqueuedAt)
{
    public InferenceRequest Request { get; } = request;

    /// <summary>When it was queued, a timestamp of the batcher's <see cref="TimeProvider"/>.</summary>
    public long EnqueuedAt { get; } = enqueuedAt;

    /// <summary>Rows this request adds to a batch; a model without a batch dimension runs one request per execution.</summary>
    public int Rows { get; } = batchable ? (int)request.Inputs[0].Rows : 1;

    /// <summary>The span the request was queued under (none when nothing traces), the parent of its run's span.</summary>
    public ActivityContext Parent { get; } = Activity.Current?.Context ?? default;

    public TaskCompletionSource<InferenceResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LinkedListNode<PendingInference>? Node { get; set; }

    public CancellationTokenRegistration Cancellation { get; set; }

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
