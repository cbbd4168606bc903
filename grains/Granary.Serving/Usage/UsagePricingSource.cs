using Granary.FrontDoor.Ports;
using Granary.Inference;
using Granary.Models;
using Granary.Tenants;
using Granary.Tenants.Plans;
using Microsoft.Extensions.Options;

namespace Granary.Usage;

/// <summary>
/// Makes the <see cref="UsagePricing"/> of one report: reads the plan of each tenant and the price of each model
/// the report's rows name, once each. A model no longer in the repository has no price of its own.
/// </summary>
public sealed class UsagePricingSource(IOptions<PlanOptions> plans, IGrainFactory grains, IModelResolver models)
{
    public async Task<UsagePricing> ForAsync(IEnumerable<string> tenantIds, IEnumerable<string> modelNames)
    {
        var tenants = tenantIds.Distinct(StringComparer.Ordinal).ToArray();
        var profiles = await Task.WhenAll(tenants.Select(id => grains.GetGrain<ITenantGrain>(id).GetAsync()));
        var tenantPlans = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var profile in profiles.OfType<TenantProfile>())
        {
            tenantPlans[profile.Id] = profile.Plan;
        }

        var prices = new Dictionary<string, ModelPrice?>(StringComparer.Ordinal);
        foreach (var name in modelNames.Distinct(StringComparer.Ordinal))
        {
            prices[name] = await PriceOfAsync(name);
        }

        return new UsagePricing(plans.Value, tenantPlans, prices);
    }

    private async Task<ModelPrice?> PriceOfAsync(string model)
    {
        try
        {
            return (await models.GetModelAsync(model)).Deployment.Price;
        }
        catch (ModelNotFoundException)
        {
            return null;
        }
    }
}
