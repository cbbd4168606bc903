using Granary.Tenants;
using Granary.Tenants.Admission;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Tenants;

/// <summary>A quota grain that does not answer (its silo hung) does not stop a tenant, for a bounded time and never past what was leased.</summary>
public sealed class QuotaLeaseExtensionTests
{
    private static readonly TimeSpan Life = QuotaAllowance.LeaseLife;

    private readonly FakeTimeProvider _time = new();

    private async Task<(FakeQuotaGrain Grain, QuotaGate Gate)> LeasedAsync(QuotaLimits limits, double requests = 0)
    {
        var grain = new FakeQuotaGrain(limits) { Requests = requests, AnswerAtOnce = false };
        var gate = new QuotaGate("acme", "silo", grain, _time);
        var first = gate.AdmitAsync(1);
        for (var round = 0; round < 4 && !first.IsCompleted; round++)
        {
            grain.AnswerPending();
        }

        (await first).Dispose();
        grain.AnswerPending();
        return (grain, gate);
    }

    [Fact]
    public async Task A_lease_past_its_life_is_spent_on_once_the_renewal_goes_unanswered_for_the_wait_up_to_the_stated_extension()
    {
        var (grain, gate) = await LeasedAsync(QuotaLimits.Unlimited);
        _time.Advance(Life);

        var waiting = gate.AdmitAsync(1).AsTask();
        Assert.False(waiting.IsCompleted, "a call was served on an expired lease before its renewal had a chance to answer");
        _time.Advance(LeaseExtension.AnswerWait);
        Assert.Same(Admission.Unlimited, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        // From now on calls are served at once, with no new lease call, until the extension ends.
        var asked = grain.Received.Count;
        _time.Advance(LeaseExtension.MaxExtension - LeaseExtension.AnswerWait - TimeSpan.FromMilliseconds(1));
        Assert.Same(Admission.Unlimited, await gate.AdmitAsync(1).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(asked, grain.Received.Count);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var pastExtension = gate.AdmitAsync(1).AsTask();
        _time.Advance(LeaseExtension.AnswerWait);
        Assert.False(pastExtension.IsCompleted, $"served more than {LeaseExtension.MaxExtension} past the lease's life");

        grain.AnswerPending();
        Assert.Same(Admission.Unlimited, await pastExtension.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_renewal_that_fails_lets_the_lease_be_spent_on_at_once()
    {
        var grain = new FailingQuotaGrain();
        var gate = new QuotaGate("acme", "silo", grain, _time);
        (await gate.AdmitAsync(1)).Dispose();
        grain.Fail = true;
        _time.Advance(Life);

        var call = gate.AdmitAsync(1).AsTask();
        _time.Advance(LeaseExtension.AnswerWait);

        Assert.Same(Admission.Unlimited, await call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Same(Admission.Unlimited, await gate.AdmitAsync(1).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task An_extended_lease_spends_only_what_was_leased_then_waits_for_the_grain_rather_than_refuse()
    {
        // 100 requests per second: a slice is 10 requests.
        var (grain, gate) = await LeasedAsync(new QuotaLimits(100, 0, 0, 0, 0), requests: 100);
        var held = 0;
        _time.Advance(Life);
        var first = gate.AdmitAsync(1).AsTask();
        _time.Advance(LeaseExtension.AnswerWait);
        (await first.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        held++;

        Task<Admission> next;
        while (held < 100 && (next = gate.AdmitAsync(1).AsTask()).IsCompleted)
        {
            (await next).Dispose();
            held++;
        }

        Assert.InRange(held, 1, 10);
        var waiting = gate.AdmitAsync(1).AsTask();
        _time.Advance(LeaseExtension.AnswerWait);
        Assert.False(waiting.IsCompleted, "a call was admitted past what the silo held, or refused, while the grain did not answer");

        grain.AnswerAtOnce = true;
        grain.AnswerPending();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Limits_the_grain_answers_with_apply_at_once_after_an_extension()
    {
        var (grain, gate) = await LeasedAsync(QuotaLimits.Unlimited);
        _time.Advance(Life);
        var call = gate.AdmitAsync(1).AsTask();
        _time.Advance(LeaseExtension.AnswerWait);
        Assert.Same(Admission.Unlimited, await call.WaitAsync(TimeSpan.FromSeconds(10)));

        grain.Limits = new QuotaLimits(5, Burst: 5, 0, 0, 0);
        grain.Requests = 1;
        grain.AnswerAtOnce = true;
        grain.AnswerPending();

        using var admission = await gate.AdmitAsync(1).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, admission.Limits.RequestsPerSecond);
    }

    /// <summary>An unlimited quota grain whose silo stops answering: its calls fail, as Orleans fails calls to a silo declared dead.</summary>
    private sealed class FailingQuotaGrain : IQuotaGrain
    {
        public bool Fail { get; set; }

        public Task<QuotaLease> LeaseAsync(QuotaLeaseRequest request) => Fail
            ? Task.FromException<QuotaLease>(new TimeoutException("the quota grain's silo does not answer"))
            : Task.FromResult(new QuotaLease(QuotaLimits.Unlimited, request.Requests, request.Units, request.Slots, 0, 0, long.MaxValue, DateTimeOffset.UnixEpoch.AddYears(60), 0, QuotaAllowance.LeaseLife, 1, 1));

        public Task<QuotaUsage> GetUsageAsync() => throw new NotSupportedException();

        public Task SetLimitsAsync(QuotaLimits limits) => throw new NotSupportedException();
    }
}
