using System.Globalization;
using Granary.Logging;
using Granary.Usage;
using Microsoft.Extensions.Logging;

namespace Granary.Tenants;

/// <summary>
/// A tenant's allowance across the cluster. Requests per second and units per minute are token buckets
/// that only this grain fills; silos lease tokens from them and spend them locally, so the cluster can
/// never admit more than the buckets mint plus what silos hold unspent (at most their slices, which shrink as more
/// silos lease: see <see cref="QuotaAllowance"/>).
/// Concurrency slots are leased the same way and never exceed the limit in total; the slots of a silo
/// that left the cluster come back when they are needed. The monthly budget is counted from the usage ledger's
/// records (<see cref="MonthlyBudget"/>), read every second while the tenant has one. The buckets' levels are
/// written with each lease: a re-activated grain starts from those (plus what the time since minted), never from a
/// fresh burst.
/// A change of limits bumps their version; every lease says how long its limits hold, so each silo asks again
/// within <see cref="QuotaAllowance.LeaseLife"/> and picks the change up.
/// </summary>
public sealed partial class QuotaGrain(
    [PersistentState("quota")] IPersistentState<QuotaState> state,
    IClusterMembershipService membership,
    IUsageStore ledger,
    TimeProvider time,
    ILogger<QuotaGrain> logger) : Grain, IQuotaGrain
{
    private static readonly TimeSpan LedgerReadEvery = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly MonthlyBudget _budget = new(time);
    // Made on activation, once the state (and so the limits and the saved levels) is read.
    private QuotaAllowance _allowance = null!;

    private QuotaLimits Limits => state.State.Limits;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var saved = state.State;
        _allowance = new QuotaAllowance(saved.Limits, saved.LimitsVersion, saved.RequestTokens, saved.UnitTokens, saved.TokensAsOf, time);
        await ReadLedgerAsync(cancellationToken);
        this.RegisterGrainTimer(ReadLedgerIfBudgetedAsync, new GrainTimerCreationOptions(LedgerReadEvery, LedgerReadEvery));
    }

    public async Task<QuotaLease> LeaseAsync(QuotaLeaseRequest request)
    {
        var dirty = false;
        // A silo that only gives back (idle) stops counting as a lessee; one renewing with nothing to ask still counts.
        var returning = request.ReturnedRequests > 0 || request.ReturnedUnits > 0 || request.ReturnedSlots > 0;
        var asking = request.Requests > 0 || request.Units > 0 || request.Slots > 0 || !returning;
        _allowance.Return(request.Silo, request.ReturnedRequests, request.ReturnedUnits, asking);
        _budget.OnLeased(-request.ReturnedUnits);
        dirty |= request.ReturnedRequests > 0 || request.ReturnedUnits > 0;
        _slots[request.Silo] = Math.Max(0, _slots.GetValueOrDefault(request.Silo) - request.ReturnedSlots);

        var (requests, units) = asking
            ? _allowance.Grant(request.Silo, request.Requests, request.Units, _budget.Remaining(Limits.MonthlyUnits))
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

        _budget.OnLeased(units);
        dirty |= requests > 0 || units > 0;
        if (dirty)
        {
            await SaveAsync();
        }

        return new QuotaLease(
            Limits, requests, units, slots, _allowance.RequestTokens, _allowance.UnitTokens, MonthlyUnitsLeft(), MonthEnd(),
            _allowance.Version, QuotaAllowance.LeaseLife, _allowance.RequestSlice, _allowance.UnitSlice);
    }

    /// <summary>This month's usage as the ledger's records have it (read now), with the buckets and slots.</summary>
    public async Task<QuotaUsage> GetUsageAsync()
    {
        ReclaimSlotsOfDepartedSilos();
        await ReadLedgerAsync(CancellationToken.None);
        return new QuotaUsage(Limits, _budget.Month, _budget.LedgerUnits, _budget.LedgerRequests, _allowance.RequestTokens, _allowance.UnitTokens, _slots.Values.Sum());
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

    private Task ReadLedgerIfBudgetedAsync(CancellationToken cancellationToken) =>
        Limits.MonthlyUnits > 0 ? ReadLedgerAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Reads this month's billed units and requests from the ledger. The store may read a file, so it runs off
    /// the grain's scheduler; a store that cannot answer leaves the last reading, and every unit leased since stays
    /// counted on top of it.
    /// </summary>
    private async Task ReadLedgerAsync(CancellationToken cancellationToken)
    {
        var readAt = time.GetUtcNow();
        var monthStart = new DateTimeOffset(readAt.Year, readAt.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var query = new UsageQuery(this.GetPrimaryKeyString(), monthStart, monthStart.AddMonths(1), UsageBucket.Month, [UsageDimension.Status], 1000, null);
        try
        {
            var rows = await Task.Run(() => MonthRowsAsync(query, cancellationToken), cancellationToken);
            var billed = rows.Where(r => r.Status == UsageStatus.Ok).ToArray();
            _budget.OnLedger(CurrentMonth(), billed.Sum(r => r.UnitsIn), billed.Sum(r => r.Requests), readAt);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLedgerUnreadable(logger, this.GetPrimaryKeyString(), e.Message);
        }
    }

    private async Task<List<UsageRow>> MonthRowsAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        var rows = new List<UsageRow>();
        for (string? token = null; ;)
        {
            var page = await ledger.QueryAsync(query with { PageToken = token }, cancellationToken);
            rows.AddRange(page.Rows);
            if ((token = page.NextPageToken) is null)
            {
                return rows;
            }
        }
    }

    private long MonthlyUnitsLeft() => Limits.MonthlyUnits > 0 ? (long)_budget.Remaining(Limits.MonthlyUnits) : long.MaxValue;

    private string CurrentMonth() => time.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private DateTimeOffset MonthEnd()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
    }

    [LoggerMessage(LogEvents.QuotaLedgerUnreadable, LogLevel.Warning, "Quota of tenant {Tenant} could not read this month's usage from the ledger: {Reason}; units leased since the last reading stay counted")]
    private static partial void LogLedgerUnreadable(ILogger logger, string tenant, string reason);

    [LoggerMessage(LogEvents.QuotaLimitsChanged, LogLevel.Information,
        "Quota of tenant {Tenant} is now version {Version}: {RequestsPerSecond} requests/s (bucket {Bucket}), {UnitsPerMinute} units/min, {MaxConcurrent} concurrent, {MonthlyUnits} units/month (0: no limit)")]
    private static partial void LogLimitsChanged(ILogger logger, string tenant, long version, double requestsPerSecond, double bucket, long unitsPerMinute, int maxConcurrent, long monthlyUnits);
}
