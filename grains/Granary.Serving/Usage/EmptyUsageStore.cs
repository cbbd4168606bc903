namespace Granary.Usage;

/// <summary>A ledger that keeps nothing and reports no rows: the silo's store until a real one is registered.</summary>
public sealed class EmptyUsageStore : IUsageStore
{
    public Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(new UsagePage([], null));
}
