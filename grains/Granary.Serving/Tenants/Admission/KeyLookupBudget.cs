using Microsoft.Extensions.Options;

namespace Granary.Tenants.Admission;

/// <summary>
/// This silo's bound on looking up keys it does not know, over every source address together
/// (<see cref="AuthOptions.KeyLookupBurst"/> at once, <see cref="AuthOptions.KeyLookupsPerSecond"/> after): a bad-key
/// flood spread over many addresses, each under its own failure budget (<see cref="FailedAuthentications"/>), still
/// reaches the key grains at this rate at most. Past it a lookup is refused RESOURCE_EXHAUSTED / 429 with the time to
/// the next one; keys this silo knows are never held back, only a key's first call here during a flood.
/// </summary>
public sealed class KeyLookupBudget(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly TokenBucket _bucket = new(options.Value.KeyLookupBurst, options.Value.KeyLookupsPerSecond, TimeSpan.FromSeconds(1));
    private long _filledAt = time.GetTimestamp();

    /// <summary>Takes one lookup, or throws <see cref="AuthenticationThrottledException"/> when none is left.</summary>
    public void Spend()
    {
        if (!_bucket.IsLimited)
        {
            return;
        }

        lock (_gate)
        {
            var now = time.GetTimestamp();
            _bucket.Fill(time.GetElapsedTime(_filledAt, now).TotalSeconds);
            _filledAt = now;
            if (_bucket.Grantable(1) < 1)
            {
                var retryAfter = TimeSpan.FromSeconds(Math.Ceiling((1 - _bucket.Tokens) / _bucket.Rate * 1000) / 1000);
                throw new AuthenticationThrottledException(
                    $"this silo is looking up too many unknown keys ({_bucket.Capacity} at once, then {_bucket.Rate} per second, from every address together); retry after {retryAfter.TotalSeconds:0.###}s",
                    retryAfter);
            }

            _bucket.Take(1);
        }
    }
}
