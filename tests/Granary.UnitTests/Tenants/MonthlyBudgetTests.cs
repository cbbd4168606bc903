using Granary.Tenants;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

/// <summary>The monthly budget counts the ledger's records plus what was leased since the ledger could have missed it.</summary>
public sealed class MonthlyBudgetTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Units_leased_after_the_ledger_was_read_count_on_top_of_it()
    {
        var budget = new MonthlyBudget(_time);
        budget.OnLedger("2026-11", units: 100, requests: 2, _time.GetUtcNow());
        budget.OnLeased(30);

        Assert.Equal(130, budget.Used);
        Assert.Equal(70, budget.Remaining(200));
    }

    [Fact]
    public void A_lease_stays_counted_until_a_ledger_reading_taken_a_ship_lag_after_it()
    {
        var budget = new MonthlyBudget(_time);
        budget.OnLedger("2026-11", 0, 0, _time.GetUtcNow());
        budget.OnLeased(50);

        _time.Advance(MonthlyBudget.ShipLag);
        budget.OnLedger("2026-11", units: 50, requests: 1, _time.GetUtcNow());
        Assert.Equal(100, budget.Used);

        _time.Advance(TimeSpan.FromSeconds(1));
        budget.OnLedger("2026-11", units: 50, requests: 1, _time.GetUtcNow());
        Assert.Equal(50, budget.Used);
    }

    [Fact]
    public void While_the_ledger_cannot_be_read_every_lease_since_the_last_reading_stays_counted()
    {
        var budget = new MonthlyBudget(_time);
        budget.OnLedger("2026-11", units: 10, requests: 1, _time.GetUtcNow());
        for (var second = 0; second < 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            budget.OnLeased(5);
        }

        Assert.Equal(10 + 60 * 5, budget.Used);
        Assert.Equal(0, budget.Remaining(100));
    }

    [Fact]
    public void Units_given_back_are_no_longer_counted()
    {
        var budget = new MonthlyBudget(_time);
        budget.OnLedger("2026-11", 0, 0, _time.GetUtcNow());
        budget.OnLeased(40);
        budget.OnLeased(-25);

        Assert.Equal(15, budget.Used);
    }

    [Fact]
    public void No_budget_leaves_everything_grantable()
    {
        Assert.Equal(double.MaxValue, new MonthlyBudget(_time).Remaining(0));
    }
}
