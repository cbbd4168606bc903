using Granary.Usage;

namespace Granary.UnitTests.Usage;

public sealed class UsageAggregationTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static UsageRow Row(string tenant, string model, string key, long requests, decimal cost, string currency) =>
        new(tenant, Day, model, "1", key, null, requests, 0, requests * 10, requests * 2, requests, cost, currency);

    [Fact]
    public void Rows_sum_to_the_grouping_asked_for_in_a_stable_order()
    {
        UsageRow[] rows = [Row("b", "echo", "k1", 1, 1m, "USD"), Row("a", "mlp", "k2", 2, 2m, "USD"), Row("a", "echo", "k1", 3, 3m, "USD")];

        var byKey = UsageAggregation.Group(rows, [UsageDimension.Key]);

        Assert.Equal(["a/k1/3", "a/k2/2", "b/k1/1"], byKey.Select(r => $"{r.TenantId}/{r.KeyId}/{r.Requests}"));
        Assert.All(byKey, r => Assert.Null(r.Model));
        Assert.Equal(30, byKey[0].UnitsIn);
    }

    [Fact]
    public void Costs_in_different_currencies_stay_in_separate_rows()
    {
        UsageRow[] rows = [Row("a", "echo", "k", 1, 1m, "USD"), Row("a", "mlp", "k", 2, 2m, "EUR"), Row("a", "free", "k", 4, 0m, "")];

        var total = UsageAggregation.Group(rows, []);

        Assert.Equal(["/4/0", "EUR/2/2", "USD/1/1"], total.Select(r => $"{r.Currency}/{r.Requests}/{r.Cost}"));
    }

    [Fact]
    public void Unpriced_usage_joins_the_groups_one_currency()
    {
        UsageRow[] rows = [Row("a", "echo", "k", 1, 1.5m, "USD"), Row("a", "free", "k", 4, 0m, "")];

        var total = Assert.Single(UsageAggregation.Group(rows, []));

        Assert.Equal((5L, 1.5m, "USD"), (total.Requests, total.Cost, total.Currency));
    }
}
