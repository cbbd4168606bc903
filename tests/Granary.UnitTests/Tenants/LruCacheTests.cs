using Granary.Tenants.Admission;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

public sealed class LruCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_full_cache_drops_the_least_recently_used_entry()
    {
        var cache = new LruCache<string, int>(2, TimeSpan.FromSeconds(2), _time);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.TryGet("a", out _));

        cache.Set("c", 3);

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a));
        Assert.True(cache.TryGet("c", out var c));
        Assert.Equal((1, 3), (a, c));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void An_entry_reads_as_absent_once_its_time_to_live_has_passed_and_is_dropped()
    {
        var cache = new LruCache<string, int>(10, TimeSpan.FromSeconds(2), _time);
        cache.Set("a", 1);

        _time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.True(cache.TryGet("a", out _));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Setting_an_entry_again_replaces_its_value_and_restarts_its_lifetime()
    {
        var cache = new LruCache<string, int>(10, TimeSpan.FromSeconds(2), _time);
        cache.Set("a", 1);
        _time.Advance(TimeSpan.FromSeconds(1.5));

        cache.Set("a", 2);
        _time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.True(cache.TryGet("a", out var value));
        Assert.Equal(2, value);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void An_infinite_time_to_live_keeps_entries_until_they_are_evicted_or_removed()
    {
        var cache = new LruCache<string, int>(10, Timeout.InfiniteTimeSpan, _time);
        cache.Set("a", 1);
        _time.Advance(TimeSpan.FromDays(365));

        Assert.True(cache.TryGet("a", out _));
        Assert.True(cache.Remove("a"));
        Assert.False(cache.TryGet("a", out _));
    }

    [Fact]
    public void A_flood_of_distinct_keys_never_holds_more_than_the_capacity()
    {
        var cache = new LruCache<int, int>(1_000, TimeSpan.FromSeconds(2), _time);

        for (var i = 0; i < 40_000; i++)
        {
            cache.Set(i, i);
        }

        Assert.Equal(1_000, cache.Count);
        Assert.True(cache.TryGet(39_999, out _));
        Assert.False(cache.TryGet(38_999, out _));
    }
}
