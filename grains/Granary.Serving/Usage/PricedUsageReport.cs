namespace Granary.Usage;

/// <summary>
/// Answers usage reports from the ledger: asks the store for rows grouped by model as well (a price is per
/// model), prices each row, sums them to the grouping asked for, and pages over that result by offset.
/// </summary>
public sealed class PricedUsageReport(IUsageStore store, UsagePricingSource pricing)
{
    /// <summary>How many rows to ask the store for at a time.</summary>
    public const int StorePageSize = 1000;

    public async Task<UsagePage> GetAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        var offset = UsagePageTokens.Offset(query.PageToken);
        var byModel = query.GroupBy.Append(UsageDimension.Model).Distinct().ToArray();
        var rows = UsageAggregation.Group(
            await PricedRowsAsync(query with { GroupBy = byModel, PageSize = StorePageSize, PageToken = null }, cancellationToken),
            query.GroupBy);
        var page = rows.Skip(offset).Take(query.PageSize).ToArray();
        var next = offset + page.Length < rows.Count ? UsagePageTokens.Of(offset + page.Length) : null;
        return new UsagePage(page, next);
    }

    /// <summary>Every tenant's usage over the range, one row per tenant and currency, by cost, then requests.</summary>
    public async Task<IReadOnlyList<UsageRow>> TopTenantsAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        var query = new UsageQuery(null, from, to, UsageBucket.Month, [UsageDimension.Model], StorePageSize, null);
        return UsageAggregation.ByTenant(await PricedRowsAsync(query, cancellationToken), from)
            .OrderByDescending(r => r.Cost)
            .ThenByDescending(r => r.Requests)
            .ThenBy(r => r.TenantId, StringComparer.Ordinal)
            .Take(limit)
            .ToArray();
    }

    private async Task<IReadOnlyList<UsageRow>> PricedRowsAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<UsageRow>();
        for (string? token = null; ;)
        {
            var page = await store.QueryAsync(query with { PageToken = token }, cancellationToken);
            rows.AddRange(page.Rows);
            token = page.NextPageToken;
            if (string.IsNullOrEmpty(token))
            {
                break;
            }
        }

        var prices = await pricing.ForAsync(rows.Select(r => r.TenantId), rows.Select(r => r.Model ?? ""));
        return rows.ConvertAll(r => Priced(r, prices));
    }

    /// <summary>Requests that did not end OK are not billed; units are billed as the ledger counts them.</summary>
    private static UsageRow Priced(UsageRow row, IUsagePricing prices)
    {
        var (cost, currency) = prices.Price(row.TenantId, row.Model ?? "", Math.Max(0, row.Requests - row.Errors), row.UnitsIn, row.UnitsOut);
        return row with { Cost = cost, Currency = currency };
    }
}
