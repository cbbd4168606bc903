using Granary.Client.Failover;

namespace Granary.UnitTests.Client;

public sealed class RetryBackoffTests
{
    private static readonly RetryBackoff Backoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), Multiplier: 2);

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1000)]
    [InlineData(40, 1000)]
    public void The_ceiling_grows_by_the_multiplier_up_to_the_most(int retry, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Backoff.Ceiling(retry));
    }

    [Fact]
    public void The_wait_is_spread_uniformly_from_zero_to_the_ceiling()
    {
        Assert.Equal(TimeSpan.Zero, Backoff.Delay(2, 0));
        Assert.Equal(TimeSpan.FromMilliseconds(200), Backoff.Delay(2, 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(400), Backoff.Delay(2, 1));
    }
}
