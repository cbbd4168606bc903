namespace Granary.Tenants.Plans;

/// <summary>
/// A plan's prices: one per model by name, and a default for every other model. Either replaces the price the
/// model's deployment states, so a plan can make every model free (a default of zero) or set a flat rate.
/// </summary>
public sealed class PlanPrices
{
    public PlanPrice? Default { get; set; }

    public Dictionary<string, PlanPrice> Models { get; set; } = new(StringComparer.Ordinal);
}
