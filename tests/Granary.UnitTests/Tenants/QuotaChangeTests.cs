using Granary.Tenants;
using Granary.Tenants.Admission;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

/// <summary>A change of limits reaches a silo's gate within one lease life, whichever way it goes.</summary>
public sealed class QuotaChangeTests
{
    private static readonly TimeSpan Life = QuotaAllowance.LeaseLife;

    private readonly FakeTimeProvider _time = new();

    private static async Task<int> AdmitUntilRefusedAsync(QuotaGate gate, int most, long units = 1)
    {
        for (var admitted = 0; admitted < most; admitted++)
        {
            try
            {
                (await gate.AdmitAsync(units)).Dispose();
            }
            catch (QuotaExceededException)
            {
                return admitted;
            }
        }

        return most;
    }

    [Fact]
    public async Task A_limit_set_on_an_unlimited_tenant_is_enforced_once_the_unlimited_lease_is_half_spent()
    {
        var grain = new FakeQuotaGrain(QuotaLimits.Unlimited);
        var gate = new QuotaGate("acme", "silo", grain, _time);
        Assert.Same(Admission.Unlimited, await gate.AdmitAsync(1));

        grain.Limits = new QuotaLimits(5, Burst: 5, 0, 0, 0);
        grain.Requests = 5;
        _time.Advance(Life / 2);

        // This call renews in the background and is still served on the old lease; the next ones are not.
        Assert.Same(Admission.Unlimited, await gate.AdmitAsync(1));
        var admitted = await AdmitUntilRefusedAsync(gate, 100);
        Assert.True(admitted <= 5, $"{admitted} admitted after the limit of 5 requests per second (burst 5) was seen");
    }

    [Fact]
    public async Task An_idle_gate_past_its_lease_life_waits_for_a_new_lease_rather_than_serve_on_stale_limits()
    {
        var grain = new FakeQuotaGrain(QuotaLimits.Unlimited) { AnswerAtOnce = false };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        var first = gate.AdmitAsync(1);
        grain.AnswerPending();
        await first;

        grain.Limits = new QuotaLimits(5, Burst: 5, 0, 0, 0);
        grain.Requests = 1;
        _time.Advance(Life);
        var late = gate.AdmitAsync(1);
        Assert.False(late.IsCompleted, "a call was served on a lease past its life");
        grain.AnswerPending();

        using var admission = await late;
        Assert.Equal(5, admission.Limits.RequestsPerSecond);
        grain.AnswerAtOnce = true;
        grain.AnswerPending();
        await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(1).AsTask());
    }

    [Fact]
    public async Task A_refusal_with_a_long_retry_time_is_forgotten_within_a_lease_life_once_the_tenant_is_made_unlimited()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(0, 0, UnitsPerMinute: 10, 0, 0)) { Units = 10 };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        (await gate.AdmitAsync(10)).Dispose();
        var refusal = await Assert.ThrowsAsync<QuotaExceededException>(() => gate.AdmitAsync(11).AsTask());
        Assert.Equal("units_per_minute", refusal.Limit);
        Assert.True(refusal.RetryAfter > Life, $"the retry time {refusal.RetryAfter} should be longer than a lease life");

        grain.Limits = QuotaLimits.Unlimited;
        _time.Advance(Life);

        Assert.Same(Admission.Unlimited, await gate.AdmitAsync(1));
    }

    [Fact]
    public async Task A_tightened_limit_drops_what_the_gate_holds_beyond_one_new_slice()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(100, 0, 0, 0, 0)) { Requests = 10 };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        (await gate.AdmitAsync(1)).Dispose();

        // 10 requests per second: a slice of 1, and one more token in the pool.
        grain.Limits = new QuotaLimits(10, 0, 0, 0, 0);
        grain.Requests = 1;
        _time.Advance(Life / 2);
        (await gate.AdmitAsync(1)).Dispose();

        var admitted = await AdmitUntilRefusedAsync(gate, 100);
        Assert.True(admitted <= 2, $"{admitted} admitted after tightening; at most one new slice (1) and one grant (1) were due");
    }

    [Fact]
    public async Task A_loosened_limit_makes_the_gate_ask_for_the_larger_slice()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(10, 0, 0, 0, 0)) { Requests = 1_000 };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        (await gate.AdmitAsync(1)).Dispose();

        grain.Limits = new QuotaLimits(1_000, 0, 0, 0, 0);
        _time.Advance(Life / 2);
        (await gate.AdmitAsync(1)).Dispose();
        (await gate.AdmitAsync(1)).Dispose();

        Assert.Equal(100, grain.Received.Max(r => r.Requests));
        Assert.Equal(50, await AdmitUntilRefusedAsync(gate, 50));
    }

    [Fact]
    public async Task The_gate_asks_for_the_slice_the_grain_states_not_a_fixed_share_of_the_rate()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(1_000, 0, 0, 0, 0)) { Requests = 1_000, RequestSlice = 4 };
        var gate = new QuotaGate("acme", "silo", grain, _time);

        (await gate.AdmitAsync(1)).Dispose();

        Assert.Equal(4, grain.Received[^1].Requests);
        Assert.All(grain.Received, r => Assert.True(r.Requests <= 4, $"asked for {r.Requests}, more than the slice of 4"));
    }

    [Fact]
    public async Task When_the_slice_shrinks_what_the_gate_holds_beyond_it_goes_back_with_the_next_call()
    {
        var grain = new FakeQuotaGrain(new QuotaLimits(1_000, 0, 0, 0, 0)) { Requests = 1_000 };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        (await gate.AdmitAsync(1)).Dispose();

        grain.RequestSlice = 10;
        _time.Advance(Life / 2);
        (await gate.AdmitAsync(1)).Dispose();
        _time.Advance(Life / 2);
        (await gate.AdmitAsync(1)).Dispose();

        Assert.True(grain.Received[^1].ReturnedRequests >= 80, $"gave back {grain.Received[^1].ReturnedRequests} of a slice of 100 shrunk to 10");
    }
}
