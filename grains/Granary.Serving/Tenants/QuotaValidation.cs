using Granary.Tenants.Plans;

namespace Granary.Tenants;

/// <summary>A tenant's own quota: each field -1 (unlimited on any plan), 0 (the plan's value) or positive.</summary>
public static class QuotaValidation
{
    public static void Validate(QuotaLimits quota)
    {
        Check(quota.RequestsPerSecond >= EffectiveLimits.Unlimited && double.IsFinite(quota.RequestsPerSecond), "requests_per_second", quota.RequestsPerSecond);
        Check(quota.Burst >= EffectiveLimits.Unlimited, "burst", quota.Burst);
        Check(quota.UnitsPerMinute >= EffectiveLimits.Unlimited, "units_per_minute", quota.UnitsPerMinute);
        Check(quota.MaxConcurrent >= EffectiveLimits.Unlimited, "max_concurrent", quota.MaxConcurrent);
        Check(quota.MonthlyUnits >= EffectiveLimits.Unlimited, "monthly_units", quota.MonthlyUnits);
    }

    private static void Check(bool valid, string field, object value)
    {
        if (!valid)
        {
            throw new InvalidTenantRequestException(
                $"quota.{field}",
                $"quota.{field} must be -1 (unlimited on any plan), 0 (the plan's limit; unlimited without one) or positive, not {value}");
        }
    }
}
