using System.Globalization;

namespace Granary.Tenants;

/// <summary>
/// A tenant's allowance across the cluster. Requests per second and units per minute are token buckets
/// that only this grain fills; silos lease tokens from them and spend them locally, so the cluster can
/// never admit more than the buckets mint plus what silos hold unspent (at most one slice each).
/// Concurrency slots are leased the same way and never exceed the limit in total; the slots of a silo
/// that left the cluster come back when they are needed. The monthly counters
/// count what was leased net of what came back, and are written before a lease is answered.
/// </summary>
public sealed class QuotaGrain(
    [PersistentState("quota")] IPersistentState<QuotaState> state,
    IClusterMembershipService membership,
    TimeProvider time) : Grain, IQuotaGrain
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private double _requests;
    private double _units;
    private long _refilledAt;

    private QuotaLimits Limits => state.State.Limits;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _requests = Limits.RequestBucket;
        _units = Limits.UnitsPerMinute;
        _refilledAt = time.GetTimestamp();
        return Task.CompletedTask;
    }

    public async Task<QuotaLease> LeaseAsync(QuotaLeaseRequest request)
    {
        Refill();
        var dirty = RollMonth();

        _requests = Math.Min(Limits.RequestBucket, _requests + request.ReturnedRequests);
        _units = Math.Min(Limits.UnitsPerMinute, _units + request.ReturnedUnits);
        Account(-request.ReturnedRequests, -request.ReturnedUnits, ref dirty);
        _slots[request.Silo] = Math.Max(0, _slots.GetValueOrDefault(request.Silo) - request.ReturnedSlots);

        var requests = Limits.RequestsPerSecond > 0 ? Math.Floor(Math.Min(request.Requests, _requests)) : request.Requests;
        var units = Limits.UnitsPerMinute > 0 ? Math.Floor(Math.Min(request.Units, _units)) : request.Units;
        if (Limits.MonthlyUnits > 0)
        {
            units = Math.Max(0, Math.Min(units, Limits.MonthlyUnits - state.State.UnitsUsed));
        }

        if (Limits.MaxConcurrent > 0 && _slots.Values.Sum() + request.Slots > Limits.MaxConcurrent)
        {
            ReclaimSlotsOfDepartedSilos();
        }

        var slots = Limits.MaxConcurrent > 0 ? Math.Max(0, Math.Min(request.Slots, Limits.MaxConcurrent - _slots.Values.Sum())) : request.Slots;
        if (Limits.RequestsPerSecond > 0)
        {
            _requests -= requests;
        }

        if (Limits.UnitsPerMinute > 0)
        {
            _units -= units;
        }

        _slots[request.Silo] = _slots.GetValueOrDefault(request.Silo) + slots;
        Account(requests, units, ref dirty);
        if (dirty)
        {
            await state.WriteStateAsync();
        }

        return new QuotaLease(Limits, requests, units, slots, _requests, _units, MonthlyUnitsLeft(), MonthEnd());
    }

    public Task<QuotaUsage> GetUsageAsync()
    {
        Refill();
        ReclaimSlotsOfDepartedSilos();
        return Task.FromResult(new QuotaUsage(Limits, CurrentMonth(), state.State.UnitsUsed, state.State.Requests, _requests, _units, _slots.Values.Sum()));
    }

    public async Task SetLimitsAsync(QuotaLimits limits)
    {
        Refill();
        var before = state.State.Limits;
        state.State.Limits = limits;

        // A limit that is new starts with a full bucket; a changed one keeps what is left, up to its new size.
        _requests = before.RequestsPerSecond <= 0 ? limits.RequestBucket : Math.Min(_requests, limits.RequestBucket);
        _units = before.UnitsPerMinute <= 0 ? limits.UnitsPerMinute : Math.Min(_units, limits.UnitsPerMinute);
        await state.WriteStateAsync();
    }

    private void ReclaimSlotsOfDepartedSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        foreach (var silo in _slots.Keys.Where(s => snapshot.GetSiloStatus(SiloAddress.FromParsableString(s)).IsTerminating()).ToArray())
        {
            _slots.Remove(silo);
        }
    }

    private void Refill()
    {
        var now = time.GetTimestamp();
        var seconds = (now - _refilledAt) / (double)time.TimestampFrequency;
        _refilledAt = now;
        _requests = Math.Min(Limits.RequestBucket, _requests + seconds * Limits.RequestsPerSecond);
        _units = Math.Min(Limits.UnitsPerMinute, _units + seconds * Limits.UnitsPerMinute / 60.0);
    }

    private void Account(double requests, double units, ref bool dirty)
    {
        var wholeRequests = (long)Math.Round(requests);
        var wholeUnits = (long)Math.Round(units);
        if (wholeRequests != 0 || wholeUnits != 0)
        {
            state.State.Requests = Math.Max(0, state.State.Requests + wholeRequests);
            state.State.UnitsUsed = Math.Max(0, state.State.UnitsUsed + wholeUnits);
            dirty = true;
        }
    }

    /// <summary>Starts a new month's counters when the month changed; true when the state changed.</summary>
    private bool RollMonth()
    {
        var month = CurrentMonth();
        if (state.State.Month == month)
        {
            return false;
        }

        state.State.Month = month;
        state.State.UnitsUsed = 0;
        state.State.Requests = 0;
        return true;
    }

    private long MonthlyUnitsLeft() => Limits.MonthlyUnits > 0 ? Math.Max(0, Limits.MonthlyUnits - state.State.UnitsUsed) : long.MaxValue;

    private string CurrentMonth() => time.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private DateTimeOffset MonthEnd()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
    }
}
