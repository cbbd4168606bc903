using Granary.Models;
using Microsoft.Extensions.Options;

namespace Granary.Tenants.Plans;

/// <summary>Every limit and price of every plan zero or positive, every currency a 3-letter code; each failure names its key.</summary>
public sealed class PlanOptionsValidator : IValidateOptions<PlanOptions>
{
    public ValidateOptionsResult Validate(string? name, PlanOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        foreach (var (plan, definition) in options)
        {
            var key = $"{PlanOptions.Section}:{plan}";
            var quota = definition.Quota;
            NotNegative(result, $"{key}:Quota:RequestsPerSecond", quota.RequestsPerSecond);
            NotNegative(result, $"{key}:Quota:Burst", quota.Burst);
            NotNegative(result, $"{key}:Quota:UnitsPerMinute", quota.UnitsPerMinute);
            NotNegative(result, $"{key}:Quota:MaxConcurrent", quota.MaxConcurrent);
            NotNegative(result, $"{key}:Quota:MonthlyUnits", quota.MonthlyUnits);
            definition.Library.Validate(result, $"{key}:Library");
            if (definition.Prices.Default is { } fallback)
            {
                Check(result, $"{key}:Prices:Default", fallback);
            }

            foreach (var (model, price) in definition.Prices.Models)
            {
                Check(result, $"{key}:Prices:Models:{model}", price);
            }
        }

        return result.Build();
    }

    private static void Check(ValidateOptionsResultBuilder result, string key, PlanPrice price)
    {
        if (!ModelPrice.IsCurrencyCode(price.Currency))
        {
            result.AddError($"{key}:Currency must be a 3-letter ISO 4217 code such as USD (got '{price.Currency}').");
        }

        NotNegative(result, $"{key}:PerRequest", (double)price.PerRequest);
        NotNegative(result, $"{key}:Per1kUnitsIn", (double)price.Per1kUnitsIn);
        NotNegative(result, $"{key}:Per1kUnitsOut", (double)price.Per1kUnitsOut);
    }

    private static void NotNegative(ValidateOptionsResultBuilder result, string key, double value)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            result.AddError($"{key} must be zero or positive (got {value}).");
        }
    }
}
