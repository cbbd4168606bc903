namespace Granary.Tenants.Plans;

/// <summary>One plan: the limits its tenants get by default, and the prices that replace the models' own.</summary>
public sealed class PlanDefinition
{
    public PlanQuota Quota { get; set; } = new();

    public PlanPrices Prices { get; set; } = new();
}
