using Granary.Tenants;
using Granary.Tenants.Plans;
using Microsoft.Extensions.Configuration;

namespace Granary.UnitTests.Usage;

public sealed class PlanDefaultsTests
{
    private static readonly PlanDefinition Starter = new()
    {
        Quota = new PlanQuota { RequestsPerSecond = 5, Burst = 10, UnitsPerMinute = 1000, MaxConcurrent = 4, MonthlyUnits = 1_000_000 },
    };

    [Fact]
    public void A_tenant_field_left_at_zero_takes_the_plan_limit()
    {
        Assert.Equal(new QuotaLimits(5, 10, 1000, 4, 1_000_000), EffectiveLimits.Of(QuotaLimits.Unlimited, Starter));
    }

    [Fact]
    public void A_positive_tenant_field_overrides_the_plan_limit()
    {
        Assert.Equal(new QuotaLimits(50, 10, 1000, 4, 7), EffectiveLimits.Of(new QuotaLimits(50, 0, 0, 0, 7), Starter));
    }

    [Fact]
    public void A_tenant_field_of_minus_one_is_unlimited_on_a_limited_plan()
    {
        Assert.Equal(new QuotaLimits(5, 10, 1000, 4, 0), EffectiveLimits.Of(new QuotaLimits(0, 0, 0, 0, -1), Starter));
        Assert.True(EffectiveLimits.Of(new QuotaLimits(-1, -1, -1, -1, -1), Starter).IsUnlimited);
    }

    [Fact]
    public void Without_a_plan_the_tenant_limits_stand_and_minus_one_is_unlimited()
    {
        Assert.Equal(new QuotaLimits(3, 0, 0, 0, 0), EffectiveLimits.Of(new QuotaLimits(3, 0, 0, -1, 0), plan: null));
    }

    [Fact]
    public void A_quota_below_minus_one_is_refused_naming_the_field()
    {
        var error = Assert.Throws<InvalidTenantRequestException>(() => QuotaValidation.Validate(new QuotaLimits(0, 0, -2, 0, 0)));
        Assert.Equal("quota.units_per_minute", error.Field);
    }

    [Fact]
    public void Plans_bind_from_configuration_by_name()
    {
        var plans = Bind(new()
        {
            ["Granary:Plans:pro:Quota:RequestsPerSecond"] = "20",
            ["Granary:Plans:pro:Prices:Default:Currency"] = "USD",
            ["Granary:Plans:pro:Prices:Models:echo:PerRequest"] = "0.001",
            ["Granary:Plans:pro:Prices:Models:echo:Currency"] = "EUR",
        });

        var pro = Assert.IsType<PlanDefinition>(plans.Find("pro"));
        Assert.Equal(20, pro.Quota.RequestsPerSecond);
        Assert.Equal("USD", pro.Prices.Default?.Currency);
        Assert.Equal(0.001m, pro.Prices.Models["echo"].PerRequest);
        Assert.False(new PlanOptionsValidator().Validate(null, plans).Failed);
    }

    [Fact]
    public void A_negative_limit_or_price_and_a_bad_currency_stop_the_silo_naming_each_key()
    {
        var plans = Bind(new()
        {
            ["Granary:Plans:pro:Quota:MonthlyUnits"] = "-5",
            ["Granary:Plans:pro:Prices:Models:echo:Currency"] = "dollars",
            ["Granary:Plans:pro:Prices:Models:echo:Per1kUnitsIn"] = "-1",
        });

        var failures = new PlanOptionsValidator().Validate(null, plans).Failures?.ToArray() ?? [];

        Assert.Contains(failures, f => f.StartsWith("Granary:Plans:pro:Quota:MonthlyUnits must be zero or positive", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Granary:Plans:pro:Prices:Models:echo:Currency must be a 3-letter", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Granary:Plans:pro:Prices:Models:echo:Per1kUnitsIn must be zero or positive", StringComparison.Ordinal));
        Assert.Equal(3, failures.Length);
    }

    private static PlanOptions Bind(Dictionary<string, string?> values)
    {
        var plans = new PlanOptions();
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(PlanOptions.Section).Bind(plans);
        return plans;
    }
}
