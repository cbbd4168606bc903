namespace Granary.Tenants.Plans;

/// <summary>
/// The plans a tenant can be on, by name (<c>Granary:Plans:&lt;name&gt;</c>): default quota limits and optional
/// prices. A tenant whose plan is not here, or has none, gets only its own limits and the models' prices.
/// </summary>
public sealed class PlanOptions : Dictionary<string, PlanDefinition>
{
    public const string Section = "Granary:Plans";

    public PlanOptions()
        : base(StringComparer.Ordinal)
    {
    }

    public PlanDefinition? Find(string plan) => TryGetValue(plan, out var definition) ? definition : null;
}
