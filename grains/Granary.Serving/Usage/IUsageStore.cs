namespace Granary.Usage;

/// <summary>
/// The cluster's usage ledger: takes shipped records (appending is idempotent by record id, and by tenant and
/// idempotency key within the dedup window) and answers reports from its roll-ups. Redis in cluster mode; a
/// local store in the embedded mode.
/// </summary>
public interface IUsageStore
{
    Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken);

    /// <summary>Rows without cost; <see cref="IUsagePricing"/> prices them.</summary>
    Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken);

    /// <summary>The roll-up cells of one tenant (every tenant when null) whose hours overlap [from, to), with their latency histograms.</summary>
    Task<IReadOnlyList<HourlyUsage>> CellsAsync(string? tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
