using Granary.Models;
using Granary.Tenants.Plans;
using Granary.Usage;

namespace Granary.UnitTests.Usage;

public sealed class UsagePricingTests
{
    private static readonly ModelPrice EchoPrice = new("USD", 0.01m, 0.5m, 0.25m);

    private static PlanOptions Plans() => new()
    {
        ["gold"] = new PlanDefinition
        {
            Prices = new PlanPrices
            {
                Models = { ["echo"] = new PlanPrice { Currency = "EUR", PerRequest = 0.002m } },
                Default = new PlanPrice { Currency = "USD", PerRequest = 0.005m },
            },
        },
        ["free"] = new PlanDefinition { Prices = new PlanPrices { Default = new PlanPrice { Currency = "USD" } } },
        ["basic"] = new PlanDefinition(),
    };

    private static UsagePricing Pricing() => new(
        Plans(),
        new Dictionary<string, string> { ["acme"] = "gold", ["hobby"] = "free", ["plain"] = "basic", ["lost"] = "no-such-plan" },
        new Dictionary<string, ModelPrice?> { ["echo"] = EchoPrice, ["mlp"] = null });

    [Fact]
    public void A_model_price_charges_per_request_and_per_thousand_units_in_and_out()
    {
        var (cost, currency) = Pricing().Price("plain", "echo", requests: 10, unitsIn: 2000, unitsOut: 4000);

        Assert.Equal(10 * 0.01m + 2 * 0.5m + 4 * 0.25m, cost);
        Assert.Equal("USD", currency);
    }

    [Fact]
    public void The_plan_price_for_the_model_wins_over_the_plan_default_and_the_model_price()
    {
        Assert.Equal((0.02m, "EUR"), Pricing().Price("acme", "echo", 10, 2000, 4000));
    }

    [Fact]
    public void The_plan_default_price_wins_over_the_model_price()
    {
        Assert.Equal((0.05m, "USD"), Pricing().Price("acme", "mlp", 10, 0, 0));
        Assert.Equal((0m, "USD"), Pricing().Price("hobby", "echo", 10, 2000, 4000));
    }

    [Fact]
    public void A_tenant_on_an_unknown_plan_or_none_pays_the_model_price()
    {
        Assert.Equal(EchoPrice, Pricing().PriceOf("lost", "echo"));
        Assert.Equal(EchoPrice, Pricing().PriceOf("not-a-tenant", "echo"));
    }

    [Fact]
    public void Without_any_price_the_cost_is_zero_with_no_currency()
    {
        Assert.Equal((0m, ""), Pricing().Price("plain", "mlp", 10, 2000, 4000));
        Assert.Equal((0m, ""), Pricing().Price("plain", "gone-model", 10, 2000, 4000));
    }
}
