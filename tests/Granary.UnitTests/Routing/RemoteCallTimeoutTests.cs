using Granary.Routing;

namespace Granary.UnitTests.Routing;

public sealed class RemoteCallTimeoutTests
{
    private static readonly RoutingOptions Options = new();

    [Fact]
    public void A_fast_replica_gets_the_floor()
    {
        var timeout = RemoteCallTimeout.For(TimeSpan.FromMilliseconds(5), untilDeadline: null, canRetryElsewhere: true, Options);

        Assert.Equal(Options.RemoteCallFloor, timeout);
    }

    [Fact]
    public void A_slow_replica_gets_a_multiple_of_its_recent_latency()
    {
        var timeout = RemoteCallTimeout.For(TimeSpan.FromSeconds(2), untilDeadline: null, canRetryElsewhere: true, Options);

        Assert.Equal(TimeSpan.FromSeconds(2 * Options.TimeoutOverLatency), timeout);
    }

    [Fact]
    public void With_another_replica_to_try_the_call_gets_at_most_half_the_time_left()
    {
        var timeout = RemoteCallTimeout.For(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), canRetryElsewhere: true, Options);

        Assert.Equal(TimeSpan.FromSeconds(2), timeout);
    }

    [Fact]
    public void The_only_replica_gets_all_the_time_left_and_without_a_deadline_its_timeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), RemoteCallTimeout.For(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), canRetryElsewhere: false, Options));
        Assert.Equal(TimeSpan.FromSeconds(4), RemoteCallTimeout.For(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(4), canRetryElsewhere: false, Options));
        Assert.Equal(Options.RemoteCallFloor, RemoteCallTimeout.For(TimeSpan.FromMilliseconds(1), untilDeadline: null, canRetryElsewhere: false, Options));
    }

    [Fact]
    public void A_replica_not_yet_heard_from_gets_the_first_call_timeout_and_a_passed_deadline_gets_none()
    {
        Assert.Equal(Options.FirstCallTimeout, RemoteCallTimeout.For(null, null, canRetryElsewhere: true, Options));
        Assert.Equal(TimeSpan.Zero, RemoteCallTimeout.For(null, TimeSpan.FromSeconds(-1), canRetryElsewhere: true, Options));
    }
}
