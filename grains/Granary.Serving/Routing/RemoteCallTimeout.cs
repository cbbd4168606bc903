namespace Granary.Routing;

/// <summary>
/// How long one call to a replica on another silo may take before the router stops waiting and tries another
/// replica: a multiple of the replica's recent latency, never under a floor (so a busy moment is not taken for a hang),
/// and never more than half the time left to the request's deadline while another replica could answer, so a retry
/// elsewhere still fits. The only replica gets all the time left: giving up on it early would only call it again, while
/// it may be re-activating on another silo after a drain (loading its model takes seconds on a busy machine). A
/// replica without a latency yet gets <see cref="RoutingOptions.FirstCallTimeout"/>; without a deadline the timeout stands.
/// </summary>
public static class RemoteCallTimeout
{
    public static TimeSpan For(TimeSpan? recentUpper, TimeSpan? untilDeadline, bool canRetryElsewhere, RoutingOptions options)
    {
        var timeout = recentUpper is { } upper
            ? Max(options.RemoteCallFloor, upper * options.TimeoutOverLatency)
            : options.FirstCallTimeout;
        if (untilDeadline is { } left)
        {
            timeout = canRetryElsewhere ? Min(timeout, left / 2) : left;
        }

        return Max(timeout, TimeSpan.Zero);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
