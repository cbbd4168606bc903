using System.Globalization;
using Granary.Usage;

namespace Granary.Tests.Usage;

/// <summary>
/// A usage store holding known rows (at hour or day granularity, every dimension set) that answers queries as
/// the ledger's store does: one tenant or all, the range, the bucket, the grouping, without cost, in pages. Its
/// pages hold at most <see cref="MaxPageSize"/> rows, so the report has to follow them.
/// </summary>
public sealed class InMemoryUsageStore : IUsageStore
{
    public const int MaxPageSize = 2;

    private readonly List<UsageRow> _rows = [];

    public void Add(params UsageRow[] rows)
    {
        lock (_rows)
        {
            _rows.AddRange(rows);
        }
    }

    /// <summary>The report tests hold rows, not records: a shipper's records are dropped.</summary>
    public Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        UsageRow[] rows;
        lock (_rows)
        {
            rows = [.. _rows];
        }

        var grouped = rows
            .Where(r => (query.TenantId is null || r.TenantId == query.TenantId) && r.BucketStart >= query.From && r.BucketStart < query.To)
            .Select(r => r with
            {
                BucketStart = Truncate(r.BucketStart, query.Bucket),
                Model = query.GroupBy.Contains(UsageDimension.Model) ? r.Model : null,
                Version = query.GroupBy.Contains(UsageDimension.Version) ? r.Version : null,
                KeyId = query.GroupBy.Contains(UsageDimension.Key) ? r.KeyId : null,
                Status = query.GroupBy.Contains(UsageDimension.Status) ? r.Status : null,
                Cost = 0m,
                Currency = "",
            })
            .GroupBy(r => (r.TenantId, r.BucketStart, r.Model, r.Version, r.KeyId, r.Status))
            .Select(g => g.First() with
            {
                Requests = g.Sum(r => r.Requests),
                Errors = g.Sum(r => r.Errors),
                UnitsIn = g.Sum(r => r.UnitsIn),
                UnitsOut = g.Sum(r => r.UnitsOut),
                ComputeMilliseconds = g.Sum(r => r.ComputeMilliseconds),
            })
            .OrderBy(r => r.TenantId, StringComparer.Ordinal).ThenBy(r => r.BucketStart)
            .ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Version, StringComparer.Ordinal)
            .ThenBy(r => r.KeyId, StringComparer.Ordinal).ThenBy(r => r.Status, StringComparer.Ordinal)
            .ToArray();
        var offset = query.PageToken is { Length: > 0 } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = grouped.Skip(offset).Take(Math.Min(query.PageSize, MaxPageSize)).ToArray();
        var next = offset + page.Length < grouped.Length ? (offset + page.Length).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new UsagePage(page, next));
    }

    /// <summary>It holds rows, not hourly cells, so it has no cells to give.</summary>
    public Task<IReadOnlyList<HourlyUsage>> CellsAsync(string? tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HourlyUsage>>([]);

    private static DateTimeOffset Truncate(DateTimeOffset time, UsageBucket bucket) => bucket switch
    {
        UsageBucket.Month => new DateTimeOffset(time.Year, time.Month, 1, 0, 0, 0, TimeSpan.Zero),
        UsageBucket.Day => new DateTimeOffset(time.Year, time.Month, time.Day, 0, 0, 0, TimeSpan.Zero),
        _ => time,
    };
}
