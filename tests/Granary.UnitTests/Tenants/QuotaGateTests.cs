using Granary.Tenants;
using Granary.Tenants.Admission;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

public sealed class QuotaGateTests
{
    // 100 requests per second: a slice (100 ms) is 10 requests.
    private static readonly QuotaLimits HundredPerSecond = new(100, 0, 0, 0, 0);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_tenant_is_admitted_while_its_leased_tokens_last_then_refused_naming_the_limit()
    {
        var grain = new FakeQuotaGrain(HundredPerSecond) { Requests = 10 };
        var gate = new QuotaGate("acme", "silo", grain, _time);

        for (var i = 0; i < 10; i++)
        {
            (await gate.AdmitAsync(1)).Dispose();
        }

        var refusal = await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(1).AsTask());
        Assert.Equal("requests_per_second", refusal.Limit);
        Assert.Equal("tenant:acme", refusal.Subject);
        Assert.Equal(TimeSpan.FromMilliseconds(10), refusal.RetryAfter);
    }

    [Fact]
    public async Task Concurrent_first_calls_on_a_silo_are_all_admitted_under_a_generous_limit()
    {
        var grain = new FakeQuotaGrain(HundredPerSecond) { Requests = 100, AnswerAtOnce = false };
        var gate = new QuotaGate("acme", "silo", grain, _time);

        var calls = Enumerable.Range(0, 4).Select(_ => gate.AdmitAsync(1).AsTask()).ToArray();
        for (var round = 0; round < 4 && !calls.All(c => c.IsCompleted); round++)
        {
            grain.AnswerPending();
        }

        foreach (var call in calls)
        {
            (await call).Dispose();
        }
    }

    [Fact]
    public async Task The_first_request_waits_for_one_lease_and_the_next_slice_is_asked_for_at_once()
    {
        var grain = new FakeQuotaGrain(HundredPerSecond) { Requests = 100, AnswerAtOnce = false };
        var gate = new QuotaGate("acme", "silo", grain, _time);

        var first = gate.AdmitAsync(1);
        Assert.False(first.IsCompleted, "the first request was admitted before any lease came back");
        Assert.Equal(1, Assert.Single(grain.Received).Requests);

        grain.AnswerPending();
        (await first).Dispose();

        Assert.Equal(2, grain.Received.Count);
        Assert.Equal(10, grain.Received[1].Requests);
    }

    [Fact]
    public async Task The_next_slice_is_asked_for_when_half_the_current_one_is_spent_without_making_a_request_wait()
    {
        var grain = new FakeQuotaGrain(HundredPerSecond) { Requests = 100, AnswerAtOnce = false };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        var first = gate.AdmitAsync(1);
        grain.AnswerPending();
        (await first).Dispose();
        grain.AnswerPending();
        var leases = grain.Received.Count;

        // A slice of 10 in hand: spending 5 leaves half, no call; the 6th leaves 4 and asks for the rest.
        for (var i = 0; i < 5; i++)
        {
            var admitted = gate.AdmitAsync(1);
            Assert.True(admitted.IsCompletedSuccessfully, $"request {i + 1} of the slice waited");
            (await admitted).Dispose();
        }

        Assert.Equal(leases, grain.Received.Count);

        var sixth = gate.AdmitAsync(1);
        Assert.True(sixth.IsCompletedSuccessfully, "the request that spent past half the slice waited for the refill");
        (await sixth).Dispose();
        Assert.Equal(leases + 1, grain.Received.Count);
        Assert.Equal(6, grain.Received[^1].Requests);
    }

    [Fact]
    public async Task A_refusal_is_remembered_until_its_retry_time_without_asking_the_grain_again()
    {
        var grain = new FakeQuotaGrain(HundredPerSecond) { Requests = 1 };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        (await gate.AdmitAsync(1)).Dispose();
        var refusal = await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(1).AsTask());
        var leases = grain.Received.Count;
        grain.Requests = 10;

        _time.Advance(refusal.RetryAfter - TimeSpan.FromTicks(1));
        await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(1).AsTask());
        Assert.Equal(leases, grain.Received.Count);

        _time.Advance(TimeSpan.FromTicks(1));
        (await gate.AdmitAsync(1)).Dispose();
        Assert.True(grain.Received.Count > leases, "the gate admitted after the retry time without a new lease");
    }

    [Fact]
    public async Task A_concurrency_slot_comes_back_when_its_admission_is_disposed_and_only_once()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(0, 0, 0, MaxConcurrent: 2, 0)) { Slots = 2 };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        var first = await gate.AdmitAsync(1);
        var second = await gate.AdmitAsync(1);

        var refusal = await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(1).AsTask());
        Assert.Equal("max_concurrent", refusal.Limit);

        first.Dispose();
        first.Dispose();
        var third = await gate.AdmitAsync(1);
        await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(1).AsTask());

        second.Dispose();
        third.Dispose();
    }

    [Fact]
    public async Task A_concurrency_refusal_is_not_remembered()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(0, 0, 0, MaxConcurrent: 1, 0)) { Slots = 1 };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        var held = await gate.AdmitAsync(1);
        await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(1).AsTask());

        held.Dispose();

        (await gate.AdmitAsync(1)).Dispose();
    }

    [Fact]
    public async Task A_units_per_minute_refusal_says_what_the_request_needs()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(0, 0, UnitsPerMinute: 600, 0, 0)) { Units = 100 };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        (await gate.AdmitAsync(100)).Dispose();

        var refusal = await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(50).AsTask());

        Assert.Equal("units_per_minute", refusal.Limit);
        Assert.Contains("needs 50", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(5), refusal.RetryAfter);
    }

    [Fact]
    public async Task An_unlimited_tenant_is_admitted_without_a_second_lease_within_half_its_lease_life()
    {
        var grain = new FakeQuotaGrain(QuotaLimits.Unlimited);
        var gate = new QuotaGate("acme", "silo", grain, _time);

        for (var i = 0; i < 3; i++)
        {
            Assert.Same(Admission.Unlimited, await gate.AdmitAsync(1000));
        }

        Assert.Single(grain.Received);
    }

    [Fact]
    public async Task The_admission_reports_what_is_left_here_and_at_the_grain()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(100, Burst: 20, 0, 0, 0)) { Requests = 20, AnswerAtOnce = false };
        var gate = new QuotaGate("acme", "silo", grain, _time);

        var pending = gate.AdmitAsync(1);
        grain.AnswerPending();
        using var admitted = await pending;

        // 1 leased and spent (the next slice still on its way): none here, 19 at the grain, 1 short of the burst.
        Assert.Equal(19, admitted.RequestsRemaining);
        Assert.Equal(TimeSpan.FromMilliseconds(10), admitted.RequestsReset);
    }
}
