using Granary.Usage;

namespace Granary.UnitTests.Usage;

/// <summary>A store that keeps every record it was given, in order, and fails while told to.</summary>
public sealed class RecordingStore : IUsageStore
{
    public List<UsageRecord> Appended { get; } = [];

    public bool Down { get; set; }

    public Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new IOException("the store is down");
        }

        Appended.AddRange(records);
        return Task.CompletedTask;
    }

    public Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<HourlyUsage>> CellsAsync(string? tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) => throw new NotSupportedException();
}
