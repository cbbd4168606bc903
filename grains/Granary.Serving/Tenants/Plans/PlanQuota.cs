namespace Granary.Tenants.Plans;

/// <summary>A plan's default limits, the fields of <see cref="QuotaLimits"/>; zero is unlimited.</summary>
public sealed class PlanQuota
{
    public double RequestsPerSecond { get; set; }

    public int Burst { get; set; }

    public long UnitsPerMinute { get; set; }

    public int MaxConcurrent { get; set; }

    public long MonthlyUnits { get; set; }

    public QuotaLimits ToLimits() => new(RequestsPerSecond, Burst, UnitsPerMinute, MaxConcurrent, MonthlyUnits);
}
