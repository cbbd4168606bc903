using Granary.Tenants;

namespace Granary.QuotaSimulation;

/// <summary>
/// The quota grain's lease turn (<c>QuotaGrain.LeaseAsync</c> without storage, month counters or slots) over the
/// real <see cref="QuotaAllowance"/>, one call at a time, half the round trip each way. With fixed slices it
/// states 100 ms of the rate to every silo, as leases did before slices adapted.
/// </summary>
public sealed class SimulatedQuotaGrain(EventQueue events, QuotaAllowance allowance, TimeSpan roundTrip, bool fixedSlices) : IQuotaGrain
{
    public long Calls { get; private set; }

    public Task<QuotaLease> LeaseAsync(QuotaLeaseRequest request)
    {
        Calls++;
        var answer = new TaskCompletionSource<QuotaLease>();
        events.After(roundTrip / 2, () =>
        {
            var lease = Lease(request);
            events.After(roundTrip / 2, () => answer.SetResult(lease));
        });
        return answer.Task;
    }

    public Task<QuotaUsage> GetUsageAsync() => throw new NotSupportedException();

    public Task SetLimitsAsync(QuotaLimits limits)
    {
        allowance.Change(limits);
        return Task.CompletedTask;
    }

    private QuotaLease Lease(QuotaLeaseRequest request)
    {
        var returning = request.ReturnedRequests > 0 || request.ReturnedUnits > 0;
        var asking = request.Requests > 0 || request.Units > 0 || !returning;
        allowance.Return(request.Silo, request.ReturnedRequests, request.ReturnedUnits, asking);
        var (requests, units) = asking ? allowance.Grant(request.Silo, request.Requests, request.Units, double.MaxValue) : (0, 0);
        var limits = allowance.Limits;
        var requestSlice = fixedSlices ? Math.Max(1, Math.Ceiling(limits.RequestsPerSecond * QuotaAllowance.SliceOfRate.TotalSeconds)) : allowance.RequestSlice;
        return new QuotaLease(
            limits, requests, units, request.Slots, allowance.RequestTokens, allowance.UnitTokens, long.MaxValue, DateTimeOffset.MaxValue,
            allowance.Version, QuotaAllowance.LeaseLife, requestSlice, allowance.UnitSlice);
    }
}
