using Granary.Tenants;

namespace Granary.UnitTests.Tenants;

/// <summary>
/// A quota grain as the gate sees it: pools of requests, units and slots it grants from (never refilled
/// unless a test adds to them), and every lease request it was sent. It answers at once, or holds its
/// answers until <see cref="AnswerPending"/> when <see cref="AnswerAtOnce"/> is false. Setting
/// <see cref="Limits"/> bumps the version its leases carry, as the real grain does.
/// </summary>
public sealed class FakeQuotaGrain(QuotaLimits limits) : IQuotaGrain
{
    private QuotaLimits _limits = limits;

    private readonly Queue<(QuotaLeaseRequest Request, TaskCompletionSource<QuotaLease> Answer)> _pending = new();

    public double Requests { get; set; }

    public double Units { get; set; }

    public int Slots { get; set; }

    public bool AnswerAtOnce { get; set; } = true;

    public QuotaLimits Limits
    {
        get => _limits;
        set => (_limits, Version) = (value, Version + 1);
    }

    public long Version { get; private set; }

    /// <summary>The slice the leases state; one lessee's (100 ms of the rate) unless a test sets it.</summary>
    public double? RequestSlice { get; set; }

    public List<QuotaLeaseRequest> Received { get; } = [];

    public Task<QuotaLease> LeaseAsync(QuotaLeaseRequest request)
    {
        Received.Add(request);
        if (AnswerAtOnce)
        {
            return Task.FromResult(Grant(request));
        }

        // Continuations run inline, so AnswerPending returns once the gate has taken the lease in.
        var answer = new TaskCompletionSource<QuotaLease>();
        _pending.Enqueue((request, answer));
        return answer.Task;
    }

    public void AnswerPending()
    {
        while (_pending.TryDequeue(out var pending))
        {
            pending.Answer.SetResult(Grant(pending.Request));
        }
    }

    public Task<QuotaUsage> GetUsageAsync() => throw new NotSupportedException();

    public Task SetLimitsAsync(QuotaLimits limits) => throw new NotSupportedException();

    private QuotaLease Grant(QuotaLeaseRequest request)
    {
        var limits = _limits;
        Requests += request.ReturnedRequests;
        Units += request.ReturnedUnits;
        Slots += request.ReturnedSlots;

        var requests = limits.RequestsPerSecond > 0 ? Math.Floor(Math.Min(request.Requests, Requests)) : request.Requests;
        var units = limits.UnitsPerMinute > 0 ? Math.Floor(Math.Min(request.Units, Units)) : request.Units;
        var slots = limits.MaxConcurrent > 0 ? Math.Min(request.Slots, Slots) : request.Slots;
        Requests -= limits.RequestsPerSecond > 0 ? requests : 0;
        Units -= limits.UnitsPerMinute > 0 ? units : 0;
        Slots -= limits.MaxConcurrent > 0 ? slots : 0;
        var slice = RequestSlice ?? Math.Max(1, Math.Ceiling(limits.RequestsPerSecond * QuotaAllowance.SliceOfRate.TotalSeconds));
        var unitSlice = Math.Max(1, Math.Ceiling(limits.UnitsPerMinute / 60.0 * QuotaAllowance.SliceOfRate.TotalSeconds));
        return new QuotaLease(limits, requests, units, slots, Requests, Units, long.MaxValue, DateTimeOffset.UnixEpoch.AddYears(60), Version, QuotaAllowance.LeaseLife, slice, unitSlice);
    }
}
