namespace Granary.Tenants;

/// <summary>A quota grain's persisted state: the limits and this month's counters.</summary>
[GenerateSerializer, Alias("granary.QuotaState")]
public sealed class QuotaState
{
    [Id(0)]
    public QuotaLimits Limits { get; set; } = QuotaLimits.Unlimited;

    /// <summary>The month the counters cover, yyyy-MM in UTC.</summary>
    [Id(1)]
    public string Month { get; set; } = "";

    [Id(2)]
    public long UnitsUsed { get; set; }

    [Id(3)]
    public long Requests { get; set; }
}
