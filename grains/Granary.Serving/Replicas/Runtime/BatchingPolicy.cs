using Granary.Models;

namespace Granary.Replicas.Runtime;

/// <summary>The dynamic batching settings of one replica, resolved from its deployment.</summary>
internal sealed record BatchingPolicy(bool Batchable, int MaxBatchRows, TimeSpan MaxQueueDelay, int[] PreferredBatchSizes, int MaxQueueSize, int Instances)
{
    /// <summary>How far past the head of the queue to look for requests that fit the same run.</summary>
    public int ScanLimit => Math.Max(64, MaxBatchRows * 2);

    /// <summary>Whether several instances take from the queue, so that a batch may take only its share of it.</summary>
    public bool SharesQueue => Instances > 1;

    /// <summary>The fewest rows a batch splits off for one instance: a quarter of the max batch.</summary>
    public int MinShareRows => Math.Max(1, MaxBatchRows / 4);

    /// <summary>The longest recent run for which an idle replica runs a request on its caller's thread.</summary>
    public static readonly TimeSpan CallerRunLimit = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Whether an idle replica (nothing queued or running) may run a request on its caller's thread rather than wake a
    /// worker for it: only without a queue delay (a delay asks to wait for rows to batch with) and while recent runs are
    /// short (<see cref="CallerRunLimit"/>), so the caller's thread-pool thread is never held long. It saves two thread
    /// hand-offs: waking a worker for the request, and waking a thread for the caller's continuation.
    /// </summary>
    public bool MayRunOnCaller(TimeSpan recentRun) => MaxQueueDelay <= TimeSpan.Zero && recentRun <= CallerRunLimit;

    public static BatchingPolicy For(DeploymentSpec deployment, bool batchable) => new(
        batchable,
        batchable ? deployment.MaxBatchSize : 1,
        batchable ? TimeSpan.FromMicroseconds(deployment.MaxQueueDelayUs) : TimeSpan.Zero,
        batchable ? deployment.PreferredBatchSizes : [],
        deployment.MaxQueueSize,
        Math.Max(1, deployment.Instances));

    /// <summary>Whether a batch of <paramref name="rows"/> is worth running without waiting for more.</summary>
    public bool IsFull(int rows) => rows >= MaxBatchRows || Array.IndexOf(PreferredBatchSizes, rows) >= 0;

    /// <summary>
    /// The most rows the next batch takes when <paramref name="queuedRows"/> rows wait that stack with the head. With
    /// several instances and enough rows for two shares, a batch takes its share (the queued rows over the instances, at
    /// least <see cref="MinShareRows"/>) and leaves the rest to the next instance free. Otherwise it takes up to the max.
    /// One instance running a full batch while another waits for the answers to come back as new requests left a core
    /// idle (convoys); shares keep the instances running side by side, and their answers leave sooner.
    /// </summary>
    public int RowsToTake(int queuedRows) =>
        SharesQueue && queuedRows >= 2 * MinShareRows
            ? Math.Clamp((queuedRows + Instances - 1) / Instances, MinShareRows, MaxBatchRows)
            : MaxBatchRows;
}
