using Granary.Protocol.V1;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Tenants;

/// <summary>Creates tenants with keys through the admin API, as an operator would.</summary>
public static class TenantSetup
{
    public static async Task<string> CreateWithKeyAsync(TenantsClient admin, string id, QuotaLimits? quota = null)
    {
        await admin.CreateTenantAsync(new CreateTenantRequest { Id = id, Name = id, Plan = "test", Quota = quota ?? new QuotaLimits() });
        return (await admin.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = id, Name = "test" })).Secret;
    }

    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 13)];
}
