using Granary.Usage;

namespace Granary.UnitTests.Usage;

/// <summary>Usage records for tests: a fresh record id each, OK unless told otherwise.</summary>
public static class UsageRecords
{
    public static UsageRecord At(DateTimeOffset startedAt, string tenant = "acme", string status = UsageStatus.Ok, string? idempotencyKey = null, string model = "iris", long unitsIn = 4) =>
        new(Guid.NewGuid().ToString("N"), tenant, "k1", model, 1, "silo-1", startedAt, status, unitsIn, 3, 10, 2000, 1, idempotencyKey);

    public static UsageQuery Query(DateTimeOffset from, DateTimeOffset to, UsageBucket bucket, string? tenant = null, params UsageDimension[] groupBy) =>
        new(tenant, from, to, bucket, groupBy, 0, null);
}
