namespace Granary.Usage;

/// <summary>
/// Sums priced rows up to a coarser grouping. Rows priced in different currencies never add up: a group with two
/// or more currencies comes apart, one row per currency; unpriced rows (no currency) join a group's one currency. The result is in one stable order (tenant, bucket, model, version, key, status,
/// currency), so pages over it cut the same way every time.
/// </summary>
public static class UsageAggregation
{
    public static IReadOnlyList<UsageRow> Group(IEnumerable<UsageRow> rows, IReadOnlyCollection<UsageDimension> groupBy)
    {
        var model = groupBy.Contains(UsageDimension.Model);
        var version = groupBy.Contains(UsageDimension.Version);
        var key = groupBy.Contains(UsageDimension.Key);
        var status = groupBy.Contains(UsageDimension.Status);
        return Sum(rows, r => r with
        {
            Model = model ? r.Model : null,
            Version = version ? r.Version : null,
            KeyId = key ? r.KeyId : null,
            Status = status ? r.Status : null,
        });
    }

    /// <summary>One row per tenant and currency over the whole range, its bucket start set to <paramref name="from"/>.</summary>
    public static IReadOnlyList<UsageRow> ByTenant(IEnumerable<UsageRow> rows, DateTimeOffset from) =>
        Sum(rows, r => r with { BucketStart = from, Model = null, Version = null, KeyId = null, Status = null });

    private static List<UsageRow> Sum(IEnumerable<UsageRow> rows, Func<UsageRow, UsageRow> keyOf)
    {
        var result = new List<UsageRow>();
        foreach (var group in rows.Select(r => (Keyed: keyOf(r), Row: r)).GroupBy(r => r.Keyed with { Requests = 0, Errors = 0, UnitsIn = 0, UnitsOut = 0, ComputeMilliseconds = 0, Cost = 0, Currency = "" }))
        {
            // Unpriced usage (no currency) joins the group's one currency; two currencies never add up.
            var currencies = group.Select(r => r.Row.Currency).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Count();
            result.AddRange(group
                .GroupBy(r => currencies > 1 ? r.Row.Currency : "")
                .Select(byCurrency => byCurrency.Select(r => r.Row).Aggregate(group.Key, Add)));
        }

        result.Sort(Compare);
        return result;
    }

    private static UsageRow Add(UsageRow sum, UsageRow row) => sum with
    {
        Requests = sum.Requests + row.Requests,
        Errors = sum.Errors + row.Errors,
        UnitsIn = sum.UnitsIn + row.UnitsIn,
        UnitsOut = sum.UnitsOut + row.UnitsOut,
        ComputeMilliseconds = sum.ComputeMilliseconds + row.ComputeMilliseconds,
        Cost = sum.Cost + row.Cost,
        Currency = row.Currency.Length > 0 ? row.Currency : sum.Currency,
    };

    private static int Compare(UsageRow a, UsageRow b)
    {
        var order = string.CompareOrdinal(a.TenantId, b.TenantId);
        order = order != 0 ? order : a.BucketStart.CompareTo(b.BucketStart);
        order = order != 0 ? order : string.CompareOrdinal(a.Model, b.Model);
        order = order != 0 ? order : string.CompareOrdinal(a.Version, b.Version);
        order = order != 0 ? order : string.CompareOrdinal(a.KeyId, b.KeyId);
        order = order != 0 ? order : string.CompareOrdinal(a.Status, b.Status);
        return order != 0 ? order : string.CompareOrdinal(a.Currency, b.Currency);
    }
}
