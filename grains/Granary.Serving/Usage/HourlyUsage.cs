namespace Granary.Usage;

/// <summary>
/// One cell of the roll-up: one tenant × model × version × key × status in one UTC hour, and its counters.
/// Both stores keep these and nothing coarser; days and months are sums of hours, so no two paths can drift.
/// </summary>
public sealed record HourlyUsage(
    string TenantId,
    DateTimeOffset Hour,
    string Model,
    string Version,
    string KeyId,
    string Status,
    long Requests,
    long UnitsIn,
    long UnitsOut,
    long ComputeMicroseconds)
{
    /// <summary>The record's own cell: its UTC hour and its dimensions, counting one request.</summary>
    public static HourlyUsage Of(UsageRecord record) => new(
        record.TenantId,
        UsageBuckets.Start(record.StartedAt, UsageBucket.Hour),
        record.Model,
        record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        record.KeyId,
        record.Status,
        1,
        record.UnitsIn,
        record.UnitsOut,
        record.ComputeMicroseconds);
}
