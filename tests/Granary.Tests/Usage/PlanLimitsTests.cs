using Granary.Protocol.V1;
using Granary.Tests.Tenants;
using static Granary.Tests.Usage.UsageSiloFixture;

namespace Granary.Tests.Usage;

/// <summary>A tenant's plan gives the limits it leaves at 0; -1 makes a limit unlimited on a limited plan.</summary>
[Collection(UsageSiloCollection.Name)]
public sealed class PlanLimitsTests(UsageSiloFixture silo)
{
    [Fact]
    public async Task A_tenant_on_a_plan_gets_the_plan_limits_it_left_at_zero()
    {
        var id = TenantSetup.UniqueId("plan");
        await silo.AdminTenants.CreateTenantAsync(new CreateTenantRequest { Id = id, Plan = GoldPlan, Quota = new QuotaLimits { MonthlyUnits = 9 } });

        var limits = (await silo.AdminTenants.GetQuotaAsync(new GetQuotaRequest { TenantId = id })).Limits;

        Assert.Equal((GoldRequestsPerSecond, 9L), (limits.RequestsPerSecond, limits.MonthlyUnits));
    }

    [Fact]
    public async Task Minus_one_makes_a_limit_unlimited_on_a_limited_plan()
    {
        var id = TenantSetup.UniqueId("plan");
        await silo.AdminTenants.CreateTenantAsync(new CreateTenantRequest { Id = id, Plan = GoldPlan, Quota = new QuotaLimits() });

        await silo.AdminTenants.SetQuotaAsync(new SetQuotaRequest { TenantId = id, Quota = new QuotaLimits { RequestsPerSecond = -1 } });
        var limits = (await silo.AdminTenants.GetQuotaAsync(new GetQuotaRequest { TenantId = id })).Limits;

        Assert.Equal(0, limits.RequestsPerSecond);
    }
}
