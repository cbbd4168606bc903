namespace Granary.Tenants.Plans;

/// <summary>One plan: the limits its tenants get by default, and the prices that replace the models' own.</summary>
public sealed class PlanDefinition
{
    public PlanQuota Quota { get; set; } = new();

    public PlanPrices Prices { get; set; } = new();

    /// <summary>How big a tenant's private model library may grow; unset fields take <c>Granary:Library:TenantDefaults</c>.</summary>
    public PlanLibrary Library { get; set; } = new();
}
