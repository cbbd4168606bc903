using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Tenants;

/// <summary>A plan changed in configuration reaches the tenants already on it once the silo starts again with it.</summary>
public sealed class PlanChangeRestartTests
{
    private const string AdminKey = "plan-change-admin-key-0123456789";
    private const string Plan = "metered";

    [Fact]
    public async Task A_plan_s_new_rate_reaches_its_tenants_after_a_restart_and_a_tenant_s_own_limit_still_wins()
    {
        var root = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await WithSiloAsync(root, requestsPerSecond: 5, async tenants =>
            {
                await tenants.CreateTenantAsync(new CreateTenantRequest { Id = "on-plan", Name = "on-plan", Plan = Plan, Quota = new QuotaLimits() });
                await tenants.CreateTenantAsync(new CreateTenantRequest { Id = "own-rate", Name = "own-rate", Plan = Plan, Quota = new QuotaLimits { RequestsPerSecond = 7 } });
                Assert.Equal(5, await RateAsync(tenants, "on-plan"));
            });

            await WithSiloAsync(root, requestsPerSecond: 50, async tenants =>
            {
                await Eventually.TrueAsync(async () => await RateAsync(tenants, "on-plan") == 50, TimeSpan.FromSeconds(20), "the plan's new rate to reach its tenant");
                Assert.Equal(7, await RateAsync(tenants, "own-rate"));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<double> RateAsync(TenantsClient tenants, string id) =>
        (await tenants.GetQuotaAsync(new GetQuotaRequest { TenantId = id })).Limits.RequestsPerSecond;

    private static Task WithSiloAsync(string root, int requestsPerSecond, Func<TenantsClient, Task> use) =>
        SiloRun.WithAsync(root, AdminKey, ["--Granary:Repository:DemoModels=false", $"--Granary:Plans:{Plan}:Quota:RequestsPerSecond={requestsPerSecond}"],
            channel => use(new TenantsClient(channel.WithApiKey(AdminKey))));
}
