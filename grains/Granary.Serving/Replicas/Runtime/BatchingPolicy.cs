using Granary.Models;

namespace Granary.Replicas.Runtime;

/// <summary>The dynamic batching settings of one replica, resolved from its deployment.</summary>
internal sealed record BatchingPolicy(bool Batchable, int MaxBatchRows, TimeSpan MaxQueueDelay, int[] PreferredBatchSizes, int MaxQueueSize)
{
    /// <summary>How far past the head of the queue to look for requests that fit the same run.</summary>
    public int ScanLimit => Math.Max(64, MaxBatchRows * 2);

    public static BatchingPolicy For(DeploymentSpec deployment, bool batchable) => new(
        batchable,
        batchable ? deployment.MaxBatchSize : 1,
        batchable ? TimeSpan.FromMicroseconds(deployment.MaxQueueDelayUs) : TimeSpan.Zero,
        batchable ? deployment.PreferredBatchSizes : [],
        deployment.MaxQueueSize);

    /// <summary>Whether a batch of <paramref name="rows"/> is worth running without waiting for more.</summary>
    public bool IsFull(int rows) => rows >= MaxBatchRows || Array.IndexOf(PreferredBatchSizes, rows) >= 0;
}
