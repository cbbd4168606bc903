namespace Granary.Tenants.Plans;

/// <summary>
/// A tenant's limits from its own quota and its plan's: a field the tenant left at 0 takes the plan's value; a
/// field the tenant set to -1 is unlimited whatever the plan; a positive field is the tenant's own.
/// </summary>
public static class EffectiveLimits
{
    /// <summary>The value of a tenant quota field that makes that limit unlimited on any plan.</summary>
    public const int Unlimited = -1;

    public static QuotaLimits Of(QuotaLimits tenant, PlanDefinition? plan)
    {
        var defaults = plan?.Quota.ToLimits() ?? QuotaLimits.Unlimited;
        return new QuotaLimits(
            Pick(tenant.RequestsPerSecond, defaults.RequestsPerSecond),
            (int)Pick(tenant.Burst, defaults.Burst),
            (long)Pick(tenant.UnitsPerMinute, defaults.UnitsPerMinute),
            (int)Pick(tenant.MaxConcurrent, defaults.MaxConcurrent),
            (long)Pick(tenant.MonthlyUnits, defaults.MonthlyUnits));
    }

    private static double Pick(double tenant, double plan) => tenant switch
    {
        > 0 => tenant,
        0 => plan,
        _ => 0,
    };
}
