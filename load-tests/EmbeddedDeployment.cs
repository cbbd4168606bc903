namespace Granary.LoadTests;

/// <summary>
/// How the embedded silo deploys the benchmark model, written into its <c>model.json</c>. The defaults suit a
/// 2-core box: one worker per core, each running a whole batch on one intra-op thread. Splitting every batch over
/// both cores instead (one worker, two intra-op threads) pays a thread hand-off per operator, and whenever gRPC
/// holds one core the split run waits for it. Measured on a shared 2-core box: at 8 rows × 64 callers two workers
/// gave about a third more inferences per second; at 1 row × 64 callers about a tenth fewer, as the two workers
/// split the queue into smaller batches; equal at concurrency 1. The raw search agrees: 1 thread × 2 callers wins.
/// </summary>
public sealed record EmbeddedDeployment
{
    /// <summary>Large enough that batches at concurrency 64 fill without waiting; larger only lengthens each run.</summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>
    /// Zero: a worker takes whatever has queued while the previous batch ran. Under load that batches as much as
    /// waiting would, and at concurrency 1 it adds no delay.
    /// </summary>
    public long MaxQueueDelayUs { get; init; }

    /// <summary>One worker per core.</summary>
    public int Instances { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public int IntraOpThreads { get; init; } = 1;
}
