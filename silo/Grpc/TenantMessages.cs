using Granary.Tenants;

namespace Granary.Silo.Grpc;

/// <summary>Tenant domain records to and from their granary.v1 messages.</summary>
public static class TenantMessages
{
    public static Protocol.V1.Tenant ToWire(TenantProfile profile) => new()
    {
        Id = profile.Id,
        Name = profile.Name,
        Plan = profile.Plan,
        Status = profile.Status.ToString().ToUpperInvariant(),
        Region = profile.Region,
        CreatedUnixMs = profile.CreatedAt.ToUnixTimeMilliseconds(),
        Quota = ToWire(profile.Quota),
    };

    public static Protocol.V1.ApiKey ToWire(ApiKeyRecord key) => new()
    {
        Id = key.Id,
        TenantId = key.TenantId,
        Name = key.Name,
        CreatedUnixMs = key.CreatedAt.ToUnixTimeMilliseconds(),
        LastUsedUnixMs = key.LastUsedAt?.ToUnixTimeMilliseconds() ?? 0,
        RevokedUnixMs = key.RevokedAt?.ToUnixTimeMilliseconds() ?? 0,
    };

    public static Protocol.V1.QuotaUsage ToWire(string tenantId, QuotaUsage usage) => new()
    {
        TenantId = tenantId,
        Limits = ToWire(usage.Limits),
        Month = usage.Month,
        MonthlyUnitsUsed = usage.MonthlyUnitsUsed,
        MonthlyRequests = usage.MonthlyRequests,
        RequestsAvailable = usage.RequestsAvailable,
        UnitsAvailable = usage.UnitsAvailable,
        ConcurrentLeased = usage.SlotsLeased,
    };

    public static QuotaLimits ToDomain(Protocol.V1.QuotaLimits? quota) => quota is null
        ? QuotaLimits.Unlimited
        : new QuotaLimits(quota.RequestsPerSecond, quota.Burst, quota.UnitsPerMinute, quota.MaxConcurrent, quota.MonthlyUnits);

    private static Protocol.V1.QuotaLimits ToWire(QuotaLimits quota) => new()
    {
        RequestsPerSecond = quota.RequestsPerSecond,
        Burst = quota.Burst,
        UnitsPerMinute = quota.UnitsPerMinute,
        MaxConcurrent = quota.MaxConcurrent,
        MonthlyUnits = quota.MonthlyUnits,
    };
}
