namespace Granary.Usage;

/// <summary>Prices usage: the tenant's plan may override the model's prices; requests, units in and units out, per 1,000 units.</summary>
public interface IUsagePricing
{
    (decimal Cost, string Currency) Price(string tenantId, string model, long requests, long unitsIn, long unitsOut);
}
