using Granary.Tenants;
using Granary.Tenants.Admission;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

public sealed class KeyLookupBudgetTests
{
    private readonly FakeTimeProvider _time = new();

    private KeyLookupBudget Budget(double rate, int burst) =>
        new(Options.Create(new AuthOptions { KeyLookupsPerSecond = rate, KeyLookupBurst = burst }), _time);

    [Fact]
    public void Lookups_past_the_burst_are_refused_with_the_time_to_the_next_and_go_on_at_the_rate()
    {
        var budget = Budget(rate: 10, burst: 3);
        for (var i = 0; i < 3; i++)
        {
            budget.Spend();
        }

        var refused = Assert.Throws<AuthenticationThrottledException>(budget.Spend);
        Assert.Equal(TimeSpan.FromMilliseconds(100), refused.RetryAfter);
        Assert.Contains("every address together", refused.Message);

        _time.Advance(TimeSpan.FromMilliseconds(100));
        budget.Spend();
        Assert.Throws<AuthenticationThrottledException>(budget.Spend);
    }

    [Fact]
    public void By_default_a_silo_looks_up_1000_unknown_keys_at_once_then_500_a_second()
    {
        var budget = new KeyLookupBudget(Options.Create(new AuthOptions()), _time);
        for (var i = 0; i < 1_000; i++)
        {
            budget.Spend();
        }

        Assert.Equal(TimeSpan.FromMilliseconds(2), Assert.Throws<AuthenticationThrottledException>(budget.Spend).RetryAfter);
    }

    [Fact]
    public void A_rate_of_zero_is_no_limit()
    {
        var budget = Budget(rate: 0, burst: 1);
        for (var i = 0; i < 10_000; i++)
        {
            budget.Spend();
        }
    }
}
