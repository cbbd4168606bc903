using Granary.Routing;

namespace Granary.UnitTests.Routing;

public sealed class LatencyEstimateTests
{
    [Fact]
    public void Before_any_call_there_is_no_estimate()
    {
        Assert.Null(new LatencyEstimate().Upper);
    }

    [Fact]
    public void Steady_latency_converges_to_it()
    {
        var estimate = new LatencyEstimate();
        for (var i = 0; i < 100; i++)
        {
            estimate.Observe(TimeSpan.FromMilliseconds(10));
        }

        Assert.InRange(estimate.Upper!.Value.TotalMilliseconds, 10, 10.1);
    }

    [Fact]
    public void Jitter_lifts_the_upper_estimate_above_every_recent_call()
    {
        var estimate = new LatencyEstimate();
        for (var i = 0; i < 200; i++)
        {
            estimate.Observe(TimeSpan.FromMilliseconds(i % 2 == 0 ? 8 : 12));
        }

        // Mean 10 ms, mean deviation 2 ms: mean + 4 deviations is about 18 ms, above the slowest call.
        Assert.InRange(estimate.Upper!.Value.TotalMilliseconds, 12, 20);
    }

    [Fact]
    public void A_replica_that_slows_down_is_followed_within_a_few_calls()
    {
        var estimate = new LatencyEstimate();
        for (var i = 0; i < 50; i++)
        {
            estimate.Observe(TimeSpan.FromMilliseconds(5));
        }

        for (var i = 0; i < 5; i++)
        {
            estimate.Observe(TimeSpan.FromMilliseconds(200));
        }

        Assert.True(estimate.Upper!.Value.TotalMilliseconds > 200, $"upper {estimate.Upper.Value.TotalMilliseconds:0} ms after five calls of 200 ms");
    }
}
