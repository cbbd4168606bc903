using Granary.Telemetry;

namespace Granary.UnitTests.Telemetry;

public sealed class TenantLabelsTests
{
    [Fact]
    public void Ten_thousand_tenants_and_admins_give_at_most_the_cap_plus_other_and_admin()
    {
        var labels = new TenantLabels(capacity: 100);

        var distinct = Enumerable.Range(0, 10_000).Select(i => labels.Of(i % 10 == 0 ? "" : $"tenant-{i}")).Distinct().ToArray();

        Assert.True(distinct.Length == 102, $"expected 100 tenant labels, 'other' and 'admin', got {distinct.Length} distinct labels");
        Assert.Contains(TenantLabels.Other, distinct);
        Assert.Equal("tenant-1", labels.Of("tenant-1"));
        Assert.Equal(TenantLabels.Other, labels.Of("tenant-9999"));
    }

    [Fact]
    public void A_tenant_keeps_its_label_once_given_however_many_come_after()
    {
        var labels = new TenantLabels(capacity: 2);
        labels.Of("first");
        labels.Of("second");

        for (var i = 0; i < 1000; i++)
        {
            labels.Of($"late-{i}");
        }

        Assert.Equal("first", labels.Of("first"));
        Assert.Equal("second", labels.Of("second"));
        Assert.Equal(TenantLabels.Other, labels.Of("late-0"));
    }

    [Fact]
    public void Admin_calls_have_the_admin_label_and_take_no_tenant_slot()
    {
        var labels = new TenantLabels(capacity: 1);

        Assert.Equal(TenantLabels.Admin, labels.Of(""));
        Assert.Equal("acme", labels.Of("acme"));
    }

    [Fact]
    public void Concurrent_first_calls_never_exceed_the_cap()
    {
        var labels = new TenantLabels(capacity: 50);

        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 5000, i => seen.Add(labels.Of($"t-{i % 500}")));

        var own = seen.Distinct().Count(l => l != TenantLabels.Other);
        Assert.True(own <= 50, $"expected at most 50 tenants with their own label, got {own}");
    }
}
