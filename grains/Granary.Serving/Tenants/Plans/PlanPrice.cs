using Granary.Models;

namespace Granary.Tenants.Plans;

/// <summary>A price in configuration: per request and per 1,000 units in and out, in one ISO 4217 currency.</summary>
public sealed class PlanPrice
{
    public string Currency { get; set; } = "";

    public decimal PerRequest { get; set; }

    public decimal Per1kUnitsIn { get; set; }

    public decimal Per1kUnitsOut { get; set; }

    public ModelPrice ToModelPrice() => new(Currency, PerRequest, Per1kUnitsIn, Per1kUnitsOut);
}
