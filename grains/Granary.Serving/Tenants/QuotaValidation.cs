namespace Granary.Tenants;

public static class QuotaValidation
{
    public static void Validate(QuotaLimits quota)
    {
        Check(quota.RequestsPerSecond >= 0 && double.IsFinite(quota.RequestsPerSecond), "requests_per_second", quota.RequestsPerSecond);
        Check(quota.Burst >= 0, "burst", quota.Burst);
        Check(quota.UnitsPerMinute >= 0, "units_per_minute", quota.UnitsPerMinute);
        Check(quota.MaxConcurrent >= 0, "max_concurrent", quota.MaxConcurrent);
        Check(quota.MonthlyUnits >= 0, "monthly_units", quota.MonthlyUnits);
    }

    private static void Check(bool valid, string field, object value)
    {
        if (!valid)
        {
            throw new InvalidTenantRequestException($"quota.{field}", $"quota.{field} must be zero (unlimited) or positive, not {value}");
        }
    }
}
