using System.Globalization;
using Granary.Logging;
using Microsoft.Extensions.Logging;

namespace Granary.Tenants;

/// <summary>
/// A tenant's allowance across the cluster. Requests per second and units per minute are token buckets
/// that only this grain fills; silos lease tokens from them and spend them locally, so the cluster can
/// never admit more than the buckets mint plus what silos hold unspent (at most their slices, which shrink as more
/// silos lease: see <see cref="QuotaAllowance"/>).
/// Concurrency slots are leased the same way and never exceed the limit in total; the slots of a silo
/// that left the cluster come back when they are needed. The monthly counters
/// count what was leased net of what came back, and are written before a lease is answered, with the buckets'
/// levels: a re-activated grain starts from those (plus what the time since minted), never from a fresh burst.
/// A change of limits bumps their version; every lease says how long its limits hold, so each silo asks again
/// within <see cref="QuotaAllowance.LeaseLife"/> and picks the change up.
/// </summary>
public sealed partial class QuotaGrain(
    [PersistentState("quota")] IPersistentState<QuotaState> state,
    IClusterMembershipService membership,
    TimeProvider time,
    ILogger<QuotaGrain> logger) : Grain, IQuotaGrain
{
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    // Made on activation, once the state (and so the limits and the saved levels) is read.
    private QuotaAllowance _allowance = null!;

    private QuotaLimits Limits => state.State.Limits;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var saved = state.State;
        _allowance = new QuotaAllowance(saved.Limits, saved.LimitsVersion, saved.RequestTokens, saved.UnitTokens, saved.TokensAsOf, time);
        return Task.CompletedTask;
    }

    public async Task<QuotaLease> LeaseAsync(QuotaLeaseRequest request)
    {
        var dirty = RollMonth();

        // A silo that only gives back (idle) stops counting as a lessee; one renewing with nothing to ask still counts.
        var returning = request.ReturnedRequests > 0 || request.ReturnedUnits > 0 || request.ReturnedSlots > 0;
        var asking = request.Requests > 0 || request.Units > 0 || request.Slots > 0 || !returning;
        _allowance.Return(request.Silo, request.ReturnedRequests, request.ReturnedUnits, asking);
        Account(-request.ReturnedRequests, -request.ReturnedUnits, ref dirty);
        _slots[request.Silo] = Math.Max(0, _slots.GetValueOrDefault(request.Silo) - request.ReturnedSlots);

        var (requests, units) = asking
            ? _allowance.Grant(request.Silo, request.Requests, request.Units, Limits.MonthlyUnits > 0 ? Limits.MonthlyUnits - state.State.UnitsUsed : double.MaxValue)
            : (0, 0);
        if (Limits.MaxConcurrent > 0 && _slots.Values.Sum() + request.Slots > Limits.MaxConcurrent)
        {
            ReclaimSlotsOfDepartedSilos();
        }

        // Slots are counted only under a concurrency limit; the silo does not count them either without one.
        var slots = Limits.MaxConcurrent > 0 ? Math.Max(0, Math.Min(request.Slots, Limits.MaxConcurrent - _slots.Values.Sum())) : 0;
        if (slots > 0)
        {
            _slots[request.Silo] = _slots.GetValueOrDefault(request.Silo) + slots;
        }

        Account(requests, units, ref dirty);
        if (dirty)
        {
            await SaveAsync();
        }

        return new QuotaLease(
            Limits, requests, units, slots, _allowance.RequestTokens, _allowance.UnitTokens, MonthlyUnitsLeft(), MonthEnd(),
            _allowance.Version, QuotaAllowance.LeaseLife, _allowance.RequestSlice, _allowance.UnitSlice);
    }

    public Task<QuotaUsage> GetUsageAsync()
    {
        ReclaimSlotsOfDepartedSilos();
        return Task.FromResult(new QuotaUsage(Limits, CurrentMonth(), state.State.UnitsUsed, state.State.Requests, _allowance.RequestTokens, _allowance.UnitTokens, _slots.Values.Sum()));
    }

    public async Task SetLimitsAsync(QuotaLimits limits)
    {
        _allowance.Change(limits);
        state.State.Limits = limits;
        state.State.LimitsVersion = _allowance.Version;
        if (limits.MaxConcurrent <= 0)
        {
            _slots.Clear();
        }

        await SaveAsync();
        LogLimitsChanged(logger, this.GetPrimaryKeyString(), _allowance.Version, limits.RequestsPerSecond, limits.RequestBucket, limits.UnitsPerMinute, limits.MaxConcurrent, limits.MonthlyUnits);
    }

    private Task SaveAsync()
    {
        state.State.RequestTokens = _allowance.RequestTokens;
        state.State.UnitTokens = _allowance.UnitTokens;
        state.State.TokensAsOf = time.GetUtcNow();
        return state.WriteStateAsync();
    }

    private void ReclaimSlotsOfDepartedSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        foreach (var silo in _slots.Keys.Where(s => snapshot.GetSiloStatus(SiloAddress.FromParsableString(s)).IsTerminating()).ToArray())
        {
            _slots.Remove(silo);
        }
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

    [LoggerMessage(LogEvents.QuotaLimitsChanged, LogLevel.Information,
        "Quota of tenant {Tenant} is now version {Version}: {RequestsPerSecond} requests/s (bucket {Bucket}), {UnitsPerMinute} units/min, {MaxConcurrent} concurrent, {MonthlyUnits} units/month (0: no limit)")]
    private static partial void LogLimitsChanged(ILogger logger, string tenant, long version, double requestsPerSecond, double bucket, long unitsPerMinute, int maxConcurrent, long monthlyUnits);
}
