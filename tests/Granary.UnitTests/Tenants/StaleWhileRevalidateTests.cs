using Granary.Tenants;
using Granary.Tenants.Admission;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

/// <summary>What a silo knew of a key is used while its grain does not answer, within the stated bound, and no longer.</summary>
public sealed class StaleWhileRevalidateTests
{
    private static readonly RevalidationPolicy Policy = new(
        FreshFor: TimeSpan.FromSeconds(2), AnswerWait: TimeSpan.FromMilliseconds(250), StaleFor: TimeSpan.FromSeconds(30), LookupTimeout: TimeSpan.FromSeconds(60));

    private readonly FakeTimeProvider _time = new();
    private readonly Queue<TaskCompletionSource<string>> _lookups = new();

    private StaleWhileRevalidate<string> _known;

    public StaleWhileRevalidateTests() => _known = new StaleWhileRevalidate<string>(Policy, _time, e => e is UnauthenticatedException);

    private Task<string> Get() => _known.GetAsync(static self => self.Lookup(), this).AsTask();

    private Task<string> Lookup()
    {
        var lookup = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _lookups.Enqueue(lookup);
        return lookup.Task;
    }

    private async Task KnowAsync(string value)
    {
        var first = Get();
        _lookups.Dequeue().SetResult(value);
        Assert.Equal(value, await first);
    }

    [Fact]
    public async Task A_fresh_answer_is_served_without_a_lookup()
    {
        await KnowAsync("acme");
        _time.Advance(TimeSpan.FromMilliseconds(1999));

        Assert.Equal("acme", await Get());
        Assert.Empty(_lookups);
    }

    [Fact]
    public async Task Past_its_freshness_an_answer_is_looked_up_again_and_a_prompt_answer_is_used()
    {
        await KnowAsync("acme");
        _time.Advance(TimeSpan.FromSeconds(2));

        var call = Get();
        _lookups.Dequeue().SetResult("acme-renamed");

        Assert.Equal("acme-renamed", await call);
    }

    [Fact]
    public async Task A_grain_that_does_not_answer_within_the_wait_leaves_the_last_answer_in_use_until_the_bound()
    {
        await KnowAsync("acme");
        _time.Advance(TimeSpan.FromSeconds(2));

        var waiting = Get();
        Assert.False(waiting.IsCompleted, "the call did not wait for the lookup at all");
        _time.Advance(Policy.AnswerWait);
        Assert.Equal("acme", await waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        // The lookup is still out: calls now get the last answer at once, with no second lookup, up to the bound.
        _time.Advance(Policy.StaleFor - Policy.AnswerWait - TimeSpan.FromMilliseconds(1));
        Assert.Equal("acme", await Get().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(_lookups);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var pastBound = Get();
        _time.Advance(Policy.AnswerWait);
        Assert.False(pastBound.IsCompleted, $"served on an answer older than {Policy.FreshFor + Policy.StaleFor}");
    }

    [Fact]
    public async Task A_lookup_that_fails_without_an_answer_leaves_the_last_answer_in_use()
    {
        await KnowAsync("acme");
        _time.Advance(TimeSpan.FromSeconds(3));

        var call = Get();
        _lookups.Dequeue().SetException(new TimeoutException("the key grain's silo does not answer"));

        Assert.Equal("acme", await call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_revocation_applies_as_soon_as_the_grain_answers_even_while_stale_answers_were_served()
    {
        await KnowAsync("acme");
        _time.Advance(TimeSpan.FromSeconds(2) + Policy.AnswerWait);
        var stale = Get();
        _time.Advance(Policy.AnswerWait);
        Assert.Equal("acme", await stale.WaitAsync(TimeSpan.FromSeconds(10)));

        _lookups.Dequeue().SetException(new UnauthenticatedException("API key k1 was revoked"));

        await Assert.ThrowsAsync<UnauthenticatedException>(() => UntilRefusedAsync(Get));
    }

    [Fact]
    public async Task A_lookup_that_gives_up_after_its_timeout_is_started_again_by_the_next_call()
    {
        _known = new StaleWhileRevalidate<string>(Policy with { LookupTimeout = TimeSpan.FromSeconds(5) }, _time, e => e is UnauthenticatedException);
        await KnowAsync("acme");
        _time.Advance(TimeSpan.FromSeconds(2));
        var call = Get();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("acme", await call.WaitAsync(TimeSpan.FromSeconds(10)));

        var next = Get();
        Assert.Equal(2, _lookups.Count);
        _lookups.Last().SetResult("acme-2");
        Assert.Equal("acme-2", await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_key_never_answered_for_waits_for_its_lookup()
    {
        var call = Get();
        _time.Advance(Policy.AnswerWait * 4);
        Assert.False(call.IsCompleted);
        Assert.False(_known.HasAnswer);

        _lookups.Dequeue().SetResult("acme");
        Assert.Equal("acme", await call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(_known.HasAnswer);
    }

    /// <summary>
    /// The lookup settles on a pool thread: asks again, yielding between calls, until its refusal is what comes back
    /// (at most 10 s, which fails the test).
    /// </summary>
    private static async Task<string> UntilRefusedAsync(Func<Task<string>> get)
    {
        var value = "";
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (bound.Elapsed < TimeSpan.FromSeconds(10))
        {
            value = await get().WaitAsync(TimeSpan.FromSeconds(10));
            await Task.Yield();
        }

        return value;
    }
}
