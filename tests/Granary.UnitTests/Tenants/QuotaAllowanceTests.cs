using Granary.Tenants;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

/// <summary>The quota grain's arithmetic: levels across activations, adaptive slices, versions.</summary>
public sealed class QuotaAllowanceTests
{
    // 10 requests per second with a burst of 100.
    private static readonly QuotaLimits Limits = new(10, Burst: 100, 0, 0, 0);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_reactivated_allowance_starts_from_the_saved_level_plus_what_the_time_since_minted_not_a_fresh_burst()
    {
        var before = new QuotaAllowance(Limits, 1, 100, 0, _time.GetUtcNow(), _time);
        while (before.Grant("a", 100, 0, double.MaxValue).Requests > 0)
        {
        }

        var (level, savedAt) = (before.RequestTokens, _time.GetUtcNow());

        _time.Advance(TimeSpan.FromSeconds(1));
        var after = new QuotaAllowance(Limits, 1, level, 0, savedAt, _time);

        Assert.Equal(10, after.RequestTokens, 6);
    }

    [Fact]
    public void State_from_before_levels_were_kept_starts_with_a_full_burst_so_an_upgrade_refuses_nobody()
    {
        var allowance = new QuotaAllowance(Limits, 1, 0, 0, default, _time);

        Assert.Equal(100, allowance.RequestTokens, 6);
    }

    [Fact]
    public void A_slice_shrinks_as_more_silos_lease_and_grows_back_when_they_stop()
    {
        var allowance = new QuotaAllowance(new QuotaLimits(1_000, 0, 0, 0, 0), 1, 1_000, 0, _time.GetUtcNow(), _time);
        allowance.Grant("a", 1, 0, double.MaxValue);
        Assert.Equal(100, allowance.RequestSlice);

        foreach (var silo in new[] { "b", "c", "d" })
        {
            allowance.Grant(silo, 1, 0, double.MaxValue);
        }

        Assert.Equal(4, allowance.ActiveLessees);
        Assert.Equal(25, allowance.RequestSlice);

        allowance.Return("d", 1, 0, stillLeasing: false);
        Assert.Equal(34, allowance.RequestSlice);

        _time.Advance(QuotaAllowance.LesseeFor + TimeSpan.FromMilliseconds(1));
        allowance.Grant("a", 1, 0, double.MaxValue);
        Assert.Equal(1, allowance.ActiveLessees);
        Assert.Equal(100, allowance.RequestSlice);
    }

    [Fact]
    public void A_slice_is_never_less_than_one_token()
    {
        var allowance = new QuotaAllowance(new QuotaLimits(5, 0, 0, 0, 0), 1, 5, 0, _time.GetUtcNow(), _time);
        for (var silo = 0; silo < 300; silo++)
        {
            allowance.Grant($"silo-{silo}", 1, 0, double.MaxValue);
        }

        Assert.Equal(300, allowance.ActiveLessees);
        Assert.Equal(1, allowance.RequestSlice);
    }

    [Fact]
    public void A_change_bumps_the_version_and_a_limit_new_to_an_unlimited_tenant_starts_with_its_burst()
    {
        var allowance = new QuotaAllowance(QuotaLimits.Unlimited, 3, 0, 0, default, _time);

        allowance.Change(Limits);

        Assert.Equal(4, allowance.Version);
        Assert.Equal(100, allowance.RequestTokens);
    }

    [Fact]
    public void A_grant_is_no_more_than_todays_slice_whatever_the_silo_asks()
    {
        var allowance = new QuotaAllowance(new QuotaLimits(1_000, 1_000, 0, 0, 0), 1, 1_000, 0, _time.GetUtcNow(), _time);
        allowance.Grant("a", 1, 0, double.MaxValue);
        allowance.Grant("b", 1, 0, double.MaxValue);

        Assert.Equal(50, allowance.Grant("a", 100, 0, double.MaxValue).Requests);
    }

    [Fact]
    public void A_tightened_limit_keeps_no_more_than_its_new_burst()
    {
        var allowance = new QuotaAllowance(Limits, 1, 100, 0, _time.GetUtcNow(), _time);

        allowance.Change(new QuotaLimits(1, Burst: 5, 0, 0, 0));

        Assert.Equal(5, allowance.RequestTokens);
    }
}
