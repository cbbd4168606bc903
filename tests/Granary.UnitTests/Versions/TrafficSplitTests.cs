using Granary.Models;
using Granary.Routing;
using Granary.UnitTests.Routing;

namespace Granary.UnitTests.Versions;

public sealed class TrafficSplitTests
{
    private static readonly TrafficShare[] NinetyTen = [new(1, 90), new(2, 10)];

    [Theory]
    [InlineData(0, 1)]
    [InlineData(89, 1)]
    [InlineData(90, 2)]
    [InlineData(99, 2)]
    public void A_roll_falls_in_the_share_of_its_version(int roll, long expected)
    {
        var picked = TrafficSplit.Pick(NinetyTen, 0, static (_, _) => true, new ScriptedRandom(roll));

        Assert.Equal(expected, picked);
    }

    [Fact]
    public void A_version_that_cannot_serve_gives_its_traffic_to_the_others()
    {
        var picked = TrafficSplit.Pick(NinetyTen, 0, static (_, version) => version == 2, new ScriptedRandom(0));

        Assert.Equal(2, picked);
    }

    [Fact]
    public void When_no_version_can_serve_the_draw_is_over_them_all()
    {
        var picked = TrafficSplit.Pick(NinetyTen, 0, static (_, _) => false, new ScriptedRandom(95));

        Assert.Equal(2, picked);
    }

    [Fact]
    public void A_zero_share_is_never_picked()
    {
        TrafficShare[] shares = [new(1, 0), new(2, 100)];
        var random = new Random(11);

        var picks = Enumerable.Range(0, 1000).Select(_ => TrafficSplit.Pick(shares, 0, static (_, _) => true, random)).ToArray();

        Assert.All(picks, p => Assert.Equal(2, p));
    }

    [Fact]
    public void Over_ten_thousand_seeded_draws_a_ten_percent_share_gets_ten_percent_within_one_point()
    {
        var random = new Random(42);

        var canary = Enumerable.Range(0, 10_000).Count(_ => TrafficSplit.Pick(NinetyTen, 0, static (_, _) => true, random) == 2);

        Assert.InRange(canary, 900, 1100);
    }
}
