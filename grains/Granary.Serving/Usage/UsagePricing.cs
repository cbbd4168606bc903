using Granary.Models;
using Granary.Tenants.Plans;

namespace Granary.Usage;

/// <summary>
/// Prices usage for one report from a snapshot of the tenants' plans and the models' prices. The first that
/// applies wins: the plan's price for the model, the plan's default price, the model's own price; with none, the
/// cost is zero in currency "". Only billed requests (OK answers) are priced; the caller passes those.
/// </summary>
public sealed class UsagePricing(
    PlanOptions plans,
    IReadOnlyDictionary<string, string> tenantPlans,
    IReadOnlyDictionary<string, ModelPrice?> modelPrices) : IUsagePricing
{
    public (decimal Cost, string Currency) Price(string tenantId, string model, long requests, long unitsIn, long unitsOut) =>
        PriceOf(tenantId, model) is { } price ? (price.CostOf(requests, unitsIn, unitsOut), price.Currency) : (0m, "");

    public ModelPrice? PriceOf(string tenantId, string model)
    {
        var plan = tenantPlans.TryGetValue(tenantId, out var name) ? plans.Find(name) : null;
        if (plan is not null)
        {
            if (plan.Prices.Models.TryGetValue(model, out var forModel))
            {
                return forModel.ToModelPrice();
            }

            if (plan.Prices.Default is { } fallback)
            {
                return fallback.ToModelPrice();
            }
        }

        return modelPrices.GetValueOrDefault(model);
    }
}
