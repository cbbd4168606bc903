namespace Granary.Replicas;

/// <summary>A count of events and their cumulative duration, as in Triton's StatisticDuration.</summary>
[GenerateSerializer, Immutable, Alias("granary.DurationStatistic")]
public readonly record struct DurationStatistic([property: Id(0)] long Count, [property: Id(1)] long Nanoseconds)
{
    public static DurationStatistic operator +(DurationStatistic a, DurationStatistic b) =>
        new(a.Count + b.Count, a.Nanoseconds + b.Nanoseconds);
}

/// <summary>Executions of one batch size and where their time went.</summary>
[GenerateSerializer, Immutable, Alias("granary.BatchSizeStatistics")]
public sealed record BatchSizeStatistics(
    [property: Id(0)] int BatchSize,
    [property: Id(1)] DurationStatistic ComputeInput,
    [property: Id(2)] DurationStatistic ComputeInfer,
    [property: Id(3)] DurationStatistic ComputeOutput);

/// <summary>Cumulative counters of one replica since it was activated, in Triton's terms.</summary>
[GenerateSerializer, Immutable, Alias("granary.ReplicaStatistics")]
public sealed record ReplicaStatistics(
    [property: Id(0)] string Model,
    [property: Id(1)] long Version,
    [property: Id(2)] long LastInferenceUnixMs,
    [property: Id(3)] long InferenceCount,
    [property: Id(4)] long ExecutionCount,
    [property: Id(5)] DurationStatistic Success,
    [property: Id(6)] DurationStatistic Fail,
    [property: Id(7)] DurationStatistic Queue,
    [property: Id(8)] DurationStatistic ComputeInput,
    [property: Id(9)] DurationStatistic ComputeInfer,
    [property: Id(10)] DurationStatistic ComputeOutput,
    [property: Id(11)] IReadOnlyList<BatchSizeStatistics> Batches);
