namespace Granary.Usage;

/// <summary>
/// One request that passed authentication, as the ledger keeps it: who, what, where, when, how it ended,
/// what it used, how long it took from admission to the answer (<see cref="LatencyMicroseconds"/>; 0 in records
/// written before it was kept), and the ids that make it count once. Only <see cref="UsageStatus.Ok"/> records are billed.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.UsageRecord")]
public sealed record UsageRecord(
    [property: Id(0)] string RecordId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string KeyId,
    [property: Id(3)] string Model,
    [property: Id(4)] long Version,
    [property: Id(5)] string Silo,
    [property: Id(6)] DateTimeOffset StartedAt,
    [property: Id(7)] string Status,
    [property: Id(8)] long UnitsIn,
    [property: Id(9)] long UnitsOut,
    [property: Id(10)] long QueueMicroseconds,
    [property: Id(11)] long ComputeMicroseconds,
    [property: Id(12)] int BatchSize,
    [property: Id(13)] string? IdempotencyKey,
    [property: Id(14)] long LatencyMicroseconds = 0)
{
    public bool IsBilled => Status == UsageStatus.Ok;
}
