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
    // Made on activation, once the state (and so the limits) is read.
    private TokenBucket _requests = null!;
    private TokenBucket _units = null!;
    private long _refilledAt;

    private QuotaLimits Limits => state.State.Limits;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _requests = new TokenBucket(Limits.RequestBucket, Limits.RequestsPerSecond, TimeSpan.FromSeconds(1));
        _units = new TokenBucket(Limits.UnitsPerMinute, Limits.UnitsPerMinute, TimeSpan.FromMinutes(1));
        _refilledAt = time.GetTimestamp();
        return Task.CompletedTask;
    }

    public async Task<QuotaLease> LeaseAsync(QuotaLeaseRequest request)
    {
        Refill();
        var dirty = RollMonth();

        _requests.Return(request.ReturnedRequests);
        _units.Return(request.ReturnedUnits);
        Account(-request.ReturnedRequests, -request.ReturnedUnits, ref dirty);
        _slots[request.Silo] = Math.Max(0, _slots.GetValueOrDefault(request.Silo) - request.ReturnedSlots);

        var requests = _requests.Grantable(request.Requests);
        var units = _units.Grantable(request.Units);
        if (Limits.MonthlyUnits > 0)
        {
            units = Math.Max(0, Math.Min(units, Limits.MonthlyUnits - state.State.UnitsUsed));
        }

        if (Limits.MaxConcurrent > 0 && _slots.Values.Sum() + request.Slots > Limits.MaxConcurrent)
        {
            ReclaimSlotsOfDepartedSilos();
        }

        var slots = Limits.MaxConcurrent > 0 ? Math.Max(0, Math.Min(request.Slots, Limits.MaxConcurrent - _slots.Values.Sum())) : request.Slots;
        _requests.Take(requests);
        _units.Take(units);
        _slots[request.Silo] = _slots.GetValueOrDefault(request.Silo) + slots;
        Account(requests, units, ref dirty);
        if (dirty)
        {
            await state.WriteStateAsync();
        }

        return new QuotaLease(Limits, requests, units, slots, _requests.Tokens, _units.Tokens, MonthlyUnitsLeft(), MonthEnd());
    }

    public Task<QuotaUsage> GetUsageAsync()
    {
        Refill();
        ReclaimSlotsOfDepartedSilos();
        return Task.FromResult(new QuotaUsage(Limits, CurrentMonth(), state.State.UnitsUsed, state.State.Requests, _requests.Tokens, _units.Tokens, _slots.Values.Sum()));
    }

    public async Task SetLimitsAsync(QuotaLimits limits)
    {
        Refill();
        state.State.Limits = limits;
        _requests.Resize(limits.RequestBucket, limits.RequestsPerSecond);
        _units.Resize(limits.UnitsPerMinute, limits.UnitsPerMinute);
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
        _requests.Fill(seconds);
        _units.Fill(seconds);
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
