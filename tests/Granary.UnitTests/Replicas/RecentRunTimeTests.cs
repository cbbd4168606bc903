using Granary.Replicas.Runtime;

namespace Granary.UnitTests.Replicas;

public sealed class RecentRunTimeTests
{
    [Fact]
    public void It_is_unknown_before_the_first_run_and_that_run_after_it()
    {
        var recent = new RecentRunTime();
        Assert.Equal(TimeSpan.MaxValue, recent.Average);

        recent.Add(TimeSpan.FromMilliseconds(4));

        Assert.Equal(TimeSpan.FromMilliseconds(4), recent.Average);
    }

    [Fact]
    public void A_few_short_runs_after_long_ones_bring_it_under_the_caller_run_limit()
    {
        var recent = new RecentRunTime();
        recent.Add(TimeSpan.FromMilliseconds(4));

        var runs = 0;
        while (recent.Average > BatchingPolicy.CallerRunLimit)
        {
            recent.Add(TimeSpan.FromMicroseconds(200));
            runs++;
        }

        // Each run weighs a quarter: 4 ms falls to 3.05, 2.34, 1.80, 1.40, 1.10 and 0.87 ms.
        Assert.Equal(6, runs);
    }
}
