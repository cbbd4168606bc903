using System.Net;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

public sealed class FailedAuthenticationsTests
{
    private static readonly IPAddress Source = IPAddress.Parse("203.0.113.7");
    private readonly FakeTimeProvider _time = new();

    private FailedAuthentications Throttle(double rate = 20, int burst = 40) =>
        new(Options.Create(new AuthOptions { FailedPerSecondPerAddress = rate, FailedBurstPerAddress = burst }), _time);

    [Fact]
    public void An_address_is_throttled_after_its_burst_of_failures_with_the_time_to_the_next_token()
    {
        var throttle = Throttle();
        for (var i = 0; i < 40; i++)
        {
            throttle.ThrowIfThrottled(Source);
            throttle.Failed(Source);
        }

        var refused = Assert.Throws<AuthenticationThrottledException>(() => throttle.ThrowIfThrottled(Source));
        Assert.Equal(TimeSpan.FromMilliseconds(50), refused.RetryAfter);
        Assert.Contains("203.0.113.7", refused.Message);
    }

    [Fact]
    public void A_throttled_address_may_fail_again_at_the_stated_rate_and_others_are_not_affected()
    {
        var throttle = Throttle();
        for (var i = 0; i < 40; i++)
        {
            throttle.Failed(Source);
        }

        throttle.ThrowIfThrottled(IPAddress.Parse("203.0.113.8"));
        _time.Advance(TimeSpan.FromMilliseconds(50));
        throttle.ThrowIfThrottled(Source);
        throttle.Failed(Source);
        Assert.Throws<AuthenticationThrottledException>(() => throttle.ThrowIfThrottled(Source));
    }

    [Fact]
    public void An_ipv4_address_mapped_to_ipv6_counts_as_the_same_address()
    {
        var throttle = Throttle(burst: 1);
        throttle.Failed(Source.MapToIPv6());

        Assert.Throws<AuthenticationThrottledException>(() => throttle.ThrowIfThrottled(Source));
    }

    [Fact]
    public void A_rate_of_zero_or_no_address_is_never_throttled()
    {
        var unlimited = Throttle(rate: 0, burst: 1);
        var limited = Throttle(burst: 1);
        for (var i = 0; i < 10; i++)
        {
            unlimited.Failed(Source);
            limited.Failed(null);
        }

        unlimited.ThrowIfThrottled(Source);
        limited.ThrowIfThrottled(null);
    }
}
