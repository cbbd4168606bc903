using System.Net;
using Microsoft.Extensions.Options;

namespace Granary.Tenants.Admission;

/// <summary>
/// Failed authentications per source address, as a token bucket each (<see cref="AuthOptions.FailedBurstPerAddress"/>
/// at once, <see cref="AuthOptions.FailedPerSecondPerAddress"/> after): a failure takes a token, and an address
/// with none left is refused before any key lookup. Only failures count, so a caller with a good key is never
/// slowed by its own traffic. At most <see cref="TrackedAddresses"/> addresses are remembered, the least
/// recently failing dropped first: a flood from many addresses costs bounded memory, and each new address starts
/// with a full burst.
/// </summary>
public sealed class FailedAuthentications(IOptions<AuthOptions> options, TimeProvider time)
{
    public const int TrackedAddresses = 10_000;

    private readonly LruCache<IPAddress, Bucket> _buckets = new(TrackedAddresses, Timeout.InfiniteTimeSpan, time);

    private double Rate => options.Value.FailedPerSecondPerAddress;

    /// <summary>Throws <see cref="AuthenticationThrottledException"/> when <paramref name="source"/> has no failure left to spend.</summary>
    public void ThrowIfThrottled(IPAddress? source)
    {
        if (Rate <= 0 || source is null || !_buckets.TryGet(Normalized(source), out var bucket))
        {
            return;
        }

        var tokens = bucket.Refill(Rate, options.Value.FailedBurstPerAddress, time.GetTimestamp(), time.TimestampFrequency);
        if (tokens < 1)
        {
            var retryAfter = TimeSpan.FromSeconds(Math.Ceiling((1 - tokens) / Rate * 1000) / 1000);
            throw new AuthenticationThrottledException(
                $"too many failed authentications from {source}: at most {options.Value.FailedBurstPerAddress} at once, then {Rate} per second; retry after {retryAfter.TotalSeconds:0.###}s",
                retryAfter);
        }
    }

    /// <summary>Counts one failed authentication against <paramref name="source"/>.</summary>
    public void Failed(IPAddress? source)
    {
        if (Rate <= 0 || source is null)
        {
            return;
        }

        var address = Normalized(source);
        var now = time.GetTimestamp();
        if (!_buckets.TryGet(address, out var bucket))
        {
            bucket = new Bucket(options.Value.FailedBurstPerAddress, now);
            _buckets.Set(address, bucket);
        }

        bucket.Take(Rate, options.Value.FailedBurstPerAddress, now, time.TimestampFrequency);
    }

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private sealed class Bucket(double tokens, long filledAt)
    {
        private double _tokens = tokens;
        private readonly Lock _gate = new();
        private long _filledAt = filledAt;

        public double Refill(double rate, int burst, long now, long frequency)
        {
            lock (_gate)
            {
                _tokens = Math.Min(burst, _tokens + (now - _filledAt) * rate / frequency);
                _filledAt = now;
                return _tokens;
            }
        }

        public void Take(double rate, int burst, long now, long frequency)
        {
            lock (_gate)
            {
                Refill(rate, burst, now, frequency);
                _tokens -= 1;
            }
        }
    }
}
