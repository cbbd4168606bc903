using Granary.Protocol.V1;
using Grpc.Core;
using static Granary.Tests.Usage.UsageSiloFixture;

namespace Granary.Tests.Usage;

/// <summary>granary.v1.Usage over gRPC: who sees what, paging, cost from model and plan prices, input checks.</summary>
[Collection(UsageSiloCollection.Name)]
public sealed class UsageApiTests(UsageSiloFixture silo)
{
    private static readonly string From = Day1.ToString("yyyy-MM-dd");
    private static readonly string To = Day2.AddDays(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    [Fact]
    public async Task A_tenant_key_sees_only_its_own_tenant()
    {
        var rows = (await silo.UsageAs(silo.PlainKey).GetUsageAsync(Request(["model"]))).Rows;

        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(silo.PlainTenant, r.TenantId));
        Assert.Equal(silo.Rows.Where(r => r.TenantId == silo.PlainTenant).Sum(r => r.Requests), rows.Sum(r => r.Requests));
    }

    [Fact]
    public async Task A_tenant_key_asking_for_another_tenant_is_permission_denied()
    {
        var request = Request([]);
        request.TenantId = silo.GoldTenant;

        var error = await Assert.ThrowsAsync<RpcException>(async () => await silo.UsageAs(silo.PlainKey).GetUsageAsync(request));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task An_admin_sees_every_tenant_by_default_and_one_when_asked()
    {
        var all = (await silo.UsageAs(AdminKey).GetUsageAsync(Request([]))).Rows;
        var one = Request([]);
        one.TenantId = silo.GoldTenant;
        var gold = (await silo.UsageAs(AdminKey).GetUsageAsync(one)).Rows;

        Assert.Equal(silo.Rows.Sum(r => r.Requests), all.Sum(r => r.Requests));
        Assert.Equal([silo.GoldTenant], gold.Select(r => r.TenantId).Distinct());
    }

    [Fact]
    public async Task Cost_comes_from_the_model_price_unless_the_plan_overrides_it()
    {
        var rows = (await silo.UsageAs(AdminKey).GetUsageAsync(Request(["model"]))).Rows;

        // Plain: echo at 0.01 USD a request and 0.5 USD per 1,000 units in; failed requests are not billed.
        var plainEcho = rows.Where(r => r.TenantId == silo.PlainTenant && r.Model == Priced && r.BucketStart == "2026-11-29T00:00:00Z").ToArray();
        Assert.Equal(["1.64 USD"], plainEcho.Select(r => $"{r.Cost} {r.Currency}"));
        // Gold: the plan's echo price, 0.002 EUR a request, replaces the model's.
        var goldEcho = Assert.Single(rows, r => r.TenantId == silo.GoldTenant && r.Model == Priced);
        Assert.Equal(("0.02", "EUR"), (goldEcho.Cost, goldEcho.Currency));
        // No price anywhere: zero, no currency.
        var unpriced = Assert.Single(rows, r => r.TenantId == silo.GoldTenant && r.Model == Unpriced);
        Assert.Equal(("0", ""), (unpriced.Cost, unpriced.Currency));
    }

    [Theory]
    [InlineData("hour")]
    [InlineData("day")]
    [InlineData("month")]
    public async Task Pages_of_one_row_return_every_row_exactly_once(string bucket)
    {
        var whole = Request(["model", "version", "key", "status"], bucket, pageSize: 1000);
        var expected = (await silo.UsageAs(AdminKey).GetUsageAsync(whole)).Rows.Select(r => r.ToString()).ToArray();

        var paged = new List<string>();
        var request = Request(["model", "version", "key", "status"], bucket, pageSize: 1);
        do
        {
            var page = await silo.UsageAs(AdminKey).GetUsageAsync(request);
            Assert.True(page.Rows.Count <= 1, $"a page of size 1 held {page.Rows.Count} rows");
            paged.AddRange(page.Rows.Select(r => r.ToString()));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(expected, paged);
        Assert.Equal(paged.Count, paged.Distinct().Count());
        Assert.Equal(silo.Rows.Sum(r => r.Requests), (await silo.UsageAs(AdminKey).GetUsageAsync(whole)).Rows.Sum(r => r.Requests));
    }

    [Fact]
    public async Task An_admin_lists_the_top_tenants_by_cost()
    {
        var top = (await silo.UsageAs(AdminKey).ListTopTenantsAsync(new ListTopTenantsRequest { From = From, To = To, Limit = 2 })).Tenants;

        Assert.Equal([$"{silo.PlainTenant} 1.64 USD 22", $"{silo.GoldTenant} 0.02 EUR 17"], top.Select(t => $"{t.TenantId} {t.Cost} {t.Currency} {t.Requests}"));
    }

    [Fact]
    public async Task A_tenant_key_may_not_list_the_top_tenants()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await silo.UsageAs(silo.GoldKey).ListTopTenantsAsync(new ListTopTenantsRequest { From = From, To = To }));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Theory]
    [InlineData("2026-11-30", "2026-11-29", "day", "model", 10, "to")]
    [InlineData("yesterday", "2026-11-29", "day", "model", 10, "from")]
    [InlineData("2026-11-01", "2026-11-30", "week", "model", 10, "bucket")]
    [InlineData("2026-11-01", "2026-11-30", "day", "region", 10, "group_by")]
    [InlineData("2026-11-01", "2026-11-30", "day", "model", 1001, "page_size")]
    public async Task Bad_input_is_invalid_argument_naming_the_field(string from, string to, string bucket, string groupBy, int pageSize, string field)
    {
        var request = new GetUsageRequest { From = from, To = to, Bucket = bucket, GroupBy = { groupBy }, PageSize = pageSize };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await silo.UsageAs(silo.PlainKey).GetUsageAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
    }

    private static GetUsageRequest Request(string[] groupBy, string bucket = "day", int pageSize = 1000) =>
        new() { From = From, To = To, Bucket = bucket, GroupBy = { groupBy }, PageSize = pageSize };
}
