namespace Granary.Tenants.Admission;

/// <summary>
/// One tenant's allowance on this silo: tokens and slots leased from the tenant's quota grain, spent here
/// without a call. It asks for the next slice when half the current one is spent, so in the steady state a
/// request never waits on the grain; only a silo that has run dry (the tenant's first call here, or a burst
/// past the slice) waits for one lease call. A refusal is remembered until its retry time, so a tenant over
/// its limit does not turn every refused request into a grain call.
/// </summary>
public sealed class QuotaGate(string tenantId, string silo, IQuotaGrain grain, TimeProvider time)
{
    /// <summary>A slice is this much of the limit's rate: the most a silo holds unspent.</summary>
    public static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private double _requests;
    private double _units;
    private int _slotsFree;
    private int _slotsHeld;
    private QuotaLease? _lease;
    private QuotaExceededException? _refusal;
    private DateTimeOffset _refusedUntil;
    private Task? _refilling;
    private long _lastUsed;

    public string TenantId { get; } = tenantId;

    public bool IdleSince(long timestamp) => Volatile.Read(ref _lastUsed) < timestamp && Volatile.Read(ref _slotsHeld) == Volatile.Read(ref _slotsFree);

    public async ValueTask<Admission> AdmitAsync(long units)
    {
        Volatile.Write(ref _lastUsed, time.GetTimestamp());
        for (var attempt = 0; ; attempt++)
        {
            Task? refill;
            lock (_gate)
            {
                if (_lease is { Limits.IsUnlimited: true })
                {
                    return Admission.Unlimited;
                }

                if (_refusal is not null && time.GetUtcNow() < _refusedUntil)
                {
                    throw _refusal;
                }

                if (_lease is { } lease && TryTake(lease, units))
                {
                    if (NeedsRefill(lease) && _refilling is not { IsCompleted: false })
                    {
                        _refilling = RefillAsync(units);
                    }

                    return Admitted(lease);
                }

                if (attempt > 0)
                {
                    throw Refuse(units);
                }

                refill = _refilling is { IsCompleted: false } running ? running : _refilling = RefillAsync(units);
            }

            await refill;
        }
    }

    /// <summary>Gives everything unspent back to the quota grain (an idle tenant on this silo).</summary>
    public Task ReturnUnusedAsync()
    {
        lock (_gate)
        {
            if (_lease is null || _refilling is { IsCompleted: false } || (_requests < 1 && _units < 1 && _slotsFree == 0))
            {
                return Task.CompletedTask;
            }

            var request = new QuotaLeaseRequest(silo, 0, 0, 0, _requests, _units, _slotsFree);
            _slotsHeld -= _slotsFree;
            (_requests, _units, _slotsFree) = (0, 0, 0);
            return _refilling = LeaseAsync(request);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _slotsFree++;
        }
    }

    private bool TryTake(QuotaLease lease, long units)
    {
        var limits = lease.Limits;
        var requestsOk = limits.RequestsPerSecond <= 0 || _requests >= 1;
        var unitsOk = (limits.UnitsPerMinute <= 0 && limits.MonthlyUnits <= 0) || _units >= units;
        var slotOk = limits.MaxConcurrent <= 0 || _slotsFree > 0;
        if (!requestsOk || !unitsOk || !slotOk)
        {
            return false;
        }

        if (limits.RequestsPerSecond > 0)
        {
            _requests -= 1;
        }

        if (limits.UnitsPerMinute > 0 || limits.MonthlyUnits > 0)
        {
            _units -= units;
        }

        if (limits.MaxConcurrent > 0)
        {
            _slotsFree--;
        }

        return true;
    }

    private bool NeedsRefill(QuotaLease lease) =>
        (lease.Limits.RequestsPerSecond > 0 && _requests < RequestSlice(lease.Limits) / 2)
        || (lease.Limits.UnitsPerMinute > 0 && _units < UnitSlice(lease.Limits, 0) / 2)
        || (lease.Limits.MaxConcurrent > 0 && _slotsFree == 0);

    private Task RefillAsync(long units)
    {
        var limits = _lease?.Limits;
        var request = new QuotaLeaseRequest(
            silo,
            limits is null ? 1 : Math.Max(0, RequestSlice(limits) - _requests),
            limits is null ? units : Math.Max(0, UnitSlice(limits, units) - _units),
            limits is null || limits.MaxConcurrent <= 0 ? 1 : SlotChunk(limits),
            0,
            0,
            0);
        return LeaseAsync(request);
    }

    private async Task LeaseAsync(QuotaLeaseRequest request)
    {
        var lease = await grain.LeaseAsync(request);
        lock (_gate)
        {
            _lease = lease;
            _requests += lease.Requests;
            _units += lease.Units;
            _slotsFree += lease.Slots;
            _slotsHeld += lease.Slots;
            _refusal = null;
        }
    }

    private Admission Admitted(QuotaLease lease)
    {
        var limits = lease.Limits;
        var requestsLeft = _requests + lease.RequestsAvailable;
        var unitsLeft = _units + lease.UnitsAvailable;
        var requestsReset = limits.RequestsPerSecond > 0 ? Seconds(Math.Max(0, limits.RequestBucket - requestsLeft) / limits.RequestsPerSecond) : TimeSpan.Zero;
        var unitsReset = limits.UnitsPerMinute > 0 ? Seconds(Math.Max(0, limits.UnitsPerMinute - unitsLeft) / (limits.UnitsPerMinute / 60.0)) : TimeSpan.Zero;
        return new Admission(this, limits, requestsLeft, unitsLeft, requestsReset, unitsReset);
    }

    /// <summary>Names the limit that refused, with a retry time computed from the limit's rate.</summary>
    private QuotaExceededException Refuse(long units)
    {
        var lease = _lease!;
        var limits = lease.Limits;
        var subject = $"tenant:{TenantId}";
        QuotaExceededException refusal;
        if (limits.MonthlyUnits > 0 && lease.MonthlyUnitsLeft < units)
        {
            refusal = new($"tenant '{TenantId}' has used its monthly budget of {limits.MonthlyUnits} units; it renews at {lease.MonthEndsAt:yyyy-MM-dd} 00:00 UTC",
                "monthly_units", subject, lease.MonthEndsAt - time.GetUtcNow());
        }
        else if (limits.UnitsPerMinute > 0 && _units < units)
        {
            var wait = units > limits.UnitsPerMinute
                ? TimeSpan.FromMinutes(1)
                : Seconds((units - _units - lease.UnitsAvailable) / (limits.UnitsPerMinute / 60.0));
            refusal = new($"tenant '{TenantId}' is over its limit of {limits.UnitsPerMinute} units per minute (this request needs {units})", "units_per_minute", subject, wait);
        }
        else if (limits.RequestsPerSecond > 0 && _requests < 1)
        {
            refusal = new($"tenant '{TenantId}' is over its limit of {limits.RequestsPerSecond:0.###} requests per second (burst {limits.RequestBucket:0})",
                "requests_per_second", subject, Seconds((1 - lease.RequestsAvailable) / limits.RequestsPerSecond));
        }
        else
        {
            refusal = new($"tenant '{TenantId}' has {limits.MaxConcurrent} requests in flight, its limit", "max_concurrent", subject, TimeSpan.FromMilliseconds(100));
        }

        // Concurrency frees up as calls finish here or elsewhere: only rate and budget refusals are remembered.
        if (refusal.Limit != "max_concurrent")
        {
            _refusal = refusal;
            _refusedUntil = time.GetUtcNow() + refusal.RetryAfter;
        }

        return refusal;
    }

    private static double RequestSlice(QuotaLimits limits) => Math.Max(1, Math.Ceiling(limits.RequestsPerSecond * Slice.TotalSeconds));

    private static double UnitSlice(QuotaLimits limits, long units) =>
        Math.Max(units, limits.UnitsPerMinute > 0 ? Math.Ceiling(limits.UnitsPerMinute / 60.0 * Slice.TotalSeconds) : units);

    private static int SlotChunk(QuotaLimits limits) => Math.Max(1, limits.MaxConcurrent / 8);

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Clamp(seconds, 0.01, 3600));
}
