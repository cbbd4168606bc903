using Granary.Routing;

namespace Granary.UnitTests.Routing;

public sealed class PowerOfTwoChoicesTests
{
    private static readonly string[] Replicas = ["m/1/0", "m/1/1", "m/1/2", "m/1/3"];

    [Theory]
    [InlineData(0, 1, "m/1/1")]
    [InlineData(1, 0, "m/1/1")]
    [InlineData(2, 3, "m/1/3")]
    public void The_less_loaded_of_the_two_samples_wins(int first, int second, string expected)
    {
        var loads = new Dictionary<string, int> { ["m/1/0"] = 5, ["m/1/1"] = 2, ["m/1/2"] = 7, ["m/1/3"] = 0 };

        var chosen = Choose(new PowerOfTwoChoices(new ScriptedRandom(first, second)), Replicas, loads);

        Assert.Equal(expected, chosen);
    }

    [Fact]
    public void A_tie_goes_to_the_first_sample()
    {
        var loads = Replicas.ToDictionary(r => r, _ => 3);

        var chosen = Choose(new PowerOfTwoChoices(new ScriptedRandom(2, 0)), Replicas, loads);

        Assert.Equal("m/1/2", chosen);
    }

    [Fact]
    public void A_single_replica_is_chosen_without_sampling()
    {
        var chosen = Choose(new PowerOfTwoChoices(new ScriptedRandom()), ["m/1/0"], new Dictionary<string, int> { ["m/1/0"] = 99 });

        Assert.Equal("m/1/0", chosen);
    }

    [Fact]
    public void Requests_that_stay_in_flight_spread_evenly_over_the_replicas()
    {
        var choices = new PowerOfTwoChoices(new Random(7));
        var loads = Replicas.ToDictionary(r => r, _ => 0);

        for (var i = 0; i < 4_000; i++)
        {
            loads[Choose(choices, Replicas, loads)]++;
        }

        var spread = loads.Values.Max() - loads.Values.Min();
        Assert.True(spread <= 2, $"in-flight counts {string.Join(", ", loads.Values)} differ by {spread}, more than 2");
    }

    [Fact]
    public void A_busy_replica_is_chosen_only_when_both_samples_land_on_it()
    {
        var choices = new PowerOfTwoChoices(new Random(7));
        var loads = Replicas.ToDictionary(r => r, r => r == "m/1/0" ? 100 : 0);

        var busy = Enumerable.Range(0, 16_000).Count(_ => Choose(choices, Replicas, loads) == "m/1/0");

        // Both samples on one of four replicas: 1 in 16, so about 1,000 of 16,000.
        Assert.InRange(busy, 850, 1_150);
    }

    private static string Choose(PowerOfTwoChoices choices, IReadOnlyList<string> replicas, Dictionary<string, int> loads) =>
        choices.Choose(replicas, loads, static (_, id) => id, static (loads, id) => loads[id]);
}
