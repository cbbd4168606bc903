using Granary.Usage;

namespace Granary.UnitTests.Usage;

/// <summary>Hourly cells become UTC hour, day and month buckets, grouped, sorted and paged.</summary>
public sealed class UsageReportTests
{
    private static readonly DateTimeOffset LastSecondOfJanuary = new(2026, 1, 31, 23, 59, 59, TimeSpan.Zero);

    private static UsagePage Report(UsageQuery query, params UsageRecord[] records) => UsageReport.Page(records.Select(HourlyUsage.Of), query);

    [Fact]
    public void A_second_apart_across_an_hour_lands_in_two_hours_but_one_day()
    {
        var before = new DateTimeOffset(2026, 3, 5, 10, 59, 59, TimeSpan.Zero);
        var records = new[] { UsageRecords.At(before), UsageRecords.At(before.AddSeconds(1)) };

        var hours = Report(UsageRecords.Query(before.AddHours(-1), before.AddHours(2), UsageBucket.Hour), records).Rows;
        var days = Report(UsageRecords.Query(before.AddHours(-1), before.AddHours(2), UsageBucket.Day), records).Rows;

        Assert.Equal([before.AddSeconds(-3599), before.AddSeconds(1)], hours.Select(r => r.BucketStart));
        Assert.Equal(2, Assert.Single(days).Requests);
    }

    [Fact]
    public void A_second_apart_across_a_month_lands_in_two_months_whatever_the_offset_it_was_stamped_in()
    {
        var inTokyo = LastSecondOfJanuary.ToOffset(TimeSpan.FromHours(9));
        var records = new[] { UsageRecords.At(inTokyo), UsageRecords.At(LastSecondOfJanuary.AddSeconds(1)) };

        var months = Report(UsageRecords.Query(LastSecondOfJanuary.AddDays(-40), LastSecondOfJanuary.AddDays(40), UsageBucket.Month), records).Rows;

        Assert.Equal([new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)], months.Select(r => r.BucketStart));
        Assert.All(months, r => Assert.Equal(1, r.Requests));
    }

    [Fact]
    public void Errors_count_every_status_but_ok_and_requests_count_all()
    {
        var at = LastSecondOfJanuary;
        var records = new[] { UsageRecords.At(at), UsageRecords.At(at, status: UsageStatus.QuotaExceeded), UsageRecords.At(at, status: UsageStatus.InvalidArgument) };

        var row = Assert.Single(Report(UsageRecords.Query(at.AddDays(-1), at.AddDays(1), UsageBucket.Day), records).Rows);

        Assert.Equal((3L, 2L, 12L, 9L, 6.0), (row.Requests, row.Errors, row.UnitsIn, row.UnitsOut, row.ComputeMilliseconds));
        Assert.Equal((0m, ""), (row.Cost, row.Currency));
    }

    [Fact]
    public void Rows_group_by_the_asked_dimensions_only_and_sort_by_bucket_then_tenant_then_dimensions()
    {
        var at = LastSecondOfJanuary;
        var records = new[]
        {
            UsageRecords.At(at, tenant: "zeta", model: "b"), UsageRecords.At(at, tenant: "acme", model: "b"), UsageRecords.At(at, tenant: "acme", model: "a"),
            UsageRecords.At(at, tenant: "acme", model: "a", status: UsageStatus.NotFound),
        };

        var rows = Report(UsageRecords.Query(at.AddDays(-1), at.AddDays(1), UsageBucket.Day, null, UsageDimension.Model), records).Rows;

        Assert.Equal(["acme/a/2", "acme/b/1", "zeta/b/1"], rows.Select(r => $"{r.TenantId}/{r.Model}/{r.Requests}"));
        Assert.All(rows, r => Assert.Equal((null, null, null), (r.Version, r.KeyId, r.Status)));
    }

    [Fact]
    public void Pages_follow_the_token_until_the_rows_run_out()
    {
        var at = LastSecondOfJanuary;
        var records = Enumerable.Range(0, 5).Select(i => UsageRecords.At(at.AddHours(-i))).ToArray();
        var query = UsageRecords.Query(at.AddDays(-1), at.AddDays(1), UsageBucket.Hour) with { PageSize = 2 };

        var seen = new List<DateTimeOffset>();
        string? token = null;
        do
        {
            var page = Report(query with { PageToken = token }, records);
            seen.AddRange(page.Rows.Select(r => r.BucketStart));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(records.Select(r => UsageBuckets.Start(r.StartedAt, UsageBucket.Hour)).Order(), seen);
    }

    [Fact]
    public void A_tenant_filter_keeps_other_tenants_out()
    {
        var at = LastSecondOfJanuary;

        var rows = Report(UsageRecords.Query(at.AddDays(-1), at.AddDays(1), UsageBucket.Day, "acme"), UsageRecords.At(at), UsageRecords.At(at, tenant: "other")).Rows;

        Assert.Equal("acme", Assert.Single(rows).TenantId);
    }
}
