using Granary.Tenants;

namespace Granary.Usage;

/// <summary>
/// Turns hourly roll-up cells into a report page: keeps the query's tenant and range, cuts into its buckets,
/// groups by its dimensions (the others null), sorts by bucket, tenant, then dimensions, and pages with an
/// opaque token (the offset of the next row). Rows carry no cost; pricing happens above the store.
/// </summary>
public static class UsageReport
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 10_000;

    public static UsagePage Page(IEnumerable<HourlyUsage> cells, UsageQuery query)
    {
        var groups = new Dictionary<RowKey, UsageRow>();
        foreach (var cell in cells)
        {
            if ((query.TenantId is { } tenant && cell.TenantId != tenant) || !UsageBuckets.Covers(cell.Hour, query.From, query.To))
            {
                continue;
            }

            var key = KeyOf(cell, query);
            groups[key] = groups.TryGetValue(key, out var row) ? Add(row, cell) : Add(Empty(key), cell);
        }

        var rows = groups.Values
            .OrderBy(r => r.BucketStart)
            .ThenBy(r => r.TenantId, StringComparer.Ordinal)
            .ThenBy(r => r.Model, StringComparer.Ordinal)
            .ThenBy(r => r.Version, StringComparer.Ordinal)
            .ThenBy(r => r.KeyId, StringComparer.Ordinal)
            .ThenBy(r => r.Status, StringComparer.Ordinal)
            .ToList();
        var size = query.PageSize <= 0 ? DefaultPageSize : Math.Min(query.PageSize, MaxPageSize);
        var offset = Offset(query.PageToken);
        var page = rows.Skip(offset).Take(size).ToList();
        var next = offset + page.Count < rows.Count ? Token(offset + page.Count) : null;
        return new UsagePage(page, next);
    }

    private static RowKey KeyOf(HourlyUsage cell, UsageQuery query) => new(
        cell.TenantId,
        UsageBuckets.Start(cell.Hour, query.Bucket),
        query.GroupBy.Contains(UsageDimension.Model) ? cell.Model : null,
        query.GroupBy.Contains(UsageDimension.Version) ? cell.Version : null,
        query.GroupBy.Contains(UsageDimension.Key) ? cell.KeyId : null,
        query.GroupBy.Contains(UsageDimension.Status) ? cell.Status : null);

    private static UsageRow Empty(RowKey key) =>
        new(key.TenantId, key.BucketStart, key.Model, key.Version, key.KeyId, key.Status, 0, 0, 0, 0, 0, 0m, "");

    private static UsageRow Add(UsageRow row, HourlyUsage cell) => row with
    {
        Requests = row.Requests + cell.Requests,
        Errors = row.Errors + (cell.Status == UsageStatus.Ok ? 0 : cell.Requests),
        UnitsIn = row.UnitsIn + cell.UnitsIn,
        UnitsOut = row.UnitsOut + cell.UnitsOut,
        ComputeMilliseconds = row.ComputeMilliseconds + cell.ComputeMicroseconds / 1000.0,
    };

    private static string Token(int offset) => Convert.ToBase64String(BitConverter.GetBytes(offset));

    private static int Offset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        var bytes = new byte[4];
        return Convert.TryFromBase64String(token, bytes, out var written) && written == 4 && BitConverter.ToInt32(bytes) is >= 0 and var offset
            ? offset
            : throw new InvalidTenantRequestException("page_token", $"page_token '{token}' is not one this report handed out; send the next_page_token of the previous page");
    }

    private readonly record struct RowKey(string TenantId, DateTimeOffset BucketStart, string? Model, string? Version, string? KeyId, string? Status);
}
