namespace Granary.Tenants.Admission;

/// <summary>
/// One tenant's allowance on this silo: tokens and slots leased from the tenant's quota grain, spent here
/// without a call. It asks for the next slice when half the current one is spent, so in the steady state a
/// request never waits on the grain; only a silo that has run dry (the tenant's first call here, or a burst
/// past the slice) waits for one lease call. A refusal is remembered until its retry time, so a tenant over
/// its limit does not turn every refused request into a grain call. Every lease, an unlimited one too, holds
/// for the time it states: the gate renews it in the background once half that time has passed and waits for a
/// new one once it has run out, so a change of limits reaches this silo within one lease life. A grain that does not
/// answer a renewal does not stop the tenant: the lease is spent on for a bounded time (<see cref="LeaseExtension"/>).
/// </summary>
public sealed class QuotaGate(string tenantId, string silo, IQuotaGrain grain, TimeProvider time)
{
    private readonly Lock _gate = new();
    private double _requests;
    private double _units;
    private double _excess;
    private int _slotsFree;
    private int _slotsHeld;
    private QuotaLease? _lease;
    private QuotaExceededException? _refusal;
    private DateTimeOffset _refusedUntil;
    private DateTimeOffset _renewAt;
    private DateTimeOffset _expiresAt;
    private Task? _refilling;
    private DateTimeOffset _askedAt;
    private long _lastUsed;

    public string TenantId { get; } = tenantId;

    public bool IdleSince(long timestamp) => Volatile.Read(ref _lastUsed) < timestamp && Volatile.Read(ref _slotsHeld) == Volatile.Read(ref _slotsFree);

    public async ValueTask<Admission> AdmitAsync(long units)
    {
        Volatile.Write(ref _lastUsed, time.GetTimestamp());

        // The version whose limits shaped the last ask (none: the first lease asks for some of everything). A lease
        // under new limits was asked for by the old ones, so it is asked again once before a refusal.
        long? askedUnder = null;
        for (var attempt = 0; ; attempt++)
        {
            Task? refill;
            bool waitBriefly;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                var extended = LeaseExtension.Covers(now, _expiresAt, _refilling, _askedAt);
                if (_lease is { } lease && (now < _expiresAt || extended))
                {
                    if (lease.Limits.IsUnlimited)
                    {
                        RenewIfDue(now, units);
                        return Admission.Unlimited;
                    }

                    if (_refusal is not null && now < _refusedUntil)
                    {
                        throw _refusal;
                    }

                    if (TryTake(lease, units))
                    {
                        if (NeedsRefill(lease))
                        {
                            _refilling = _refilling is { IsCompleted: false } running ? running : RefillAsync(units);
                        }
                        else
                        {
                            RenewIfDue(now, units);
                        }

                        return Admitted(lease);
                    }

                    // A first lease asks for one request only, to learn the limits: callers that waited on it ask
                    // again for a slice under those limits rather than being refused for want of tokens.
                    if (!extended && ((attempt > 0 && askedUnder == lease.Version && askedUnder is not null) || attempt > 2))
                    {
                        throw Refuse(units);
                    }
                }

                // A renewal asked while the silo still held tokens may bring none: it does not count as asked for this call.
                askedUnder = extended ? null : _lease?.Version;
                refill = _refilling is { IsCompleted: false } inFlight ? inFlight : _refilling = RefillAsync(units);

                // Out of what it holds, even an extended lease waits for the grain.
                waitBriefly = !extended && _lease is not null && LeaseExtension.MayWaitBriefly(now, _expiresAt);
            }

            if (waitBriefly)
            {
                await Task.WhenAny(refill, Task.Delay(LeaseExtension.AnswerWait, time));
            }
            else
            {
                await refill;
            }
        }
    }

    /// <summary>Gives everything unspent back to the quota grain (an idle tenant on this silo).</summary>
    public Task ReturnUnusedAsync()
    {
        lock (_gate)
        {
            if (_lease is null || _refilling is { IsCompleted: false } || (_requests + _excess < 1 && _units < 1 && _slotsFree == 0))
            {
                return Task.CompletedTask;
            }

            var request = new QuotaLeaseRequest(silo, 0, 0, 0, _requests + _excess, _units, _slotsFree);
            _slotsHeld -= _slotsFree;
            (_requests, _excess, _units, _slotsFree) = (0, 0, 0, 0);
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
        (lease.Limits.RequestsPerSecond > 0 && _requests < QuotaSlices.Requests(lease) / 2)
        || (lease.Limits.UnitsPerMinute > 0 && _units < QuotaSlices.Units(lease, 0) / 2)
        || (lease.Limits.MaxConcurrent > 0 && _slotsFree == 0);

    /// <summary>Past half the lease's life, asks for a new one in the background (what is missing of a slice, if anything).</summary>
    private void RenewIfDue(DateTimeOffset now, long units)
    {
        if (now >= _renewAt && _refilling is not { IsCompleted: false })
        {
            _refilling = RefillAsync(units);
        }
    }

    /// <summary>Asks for what is missing of a slice of each limit; the first time, for one request, this one's units and a slot.</summary>
    private Task RefillAsync(long units)
    {
        var lease = _lease;
        var limits = lease?.Limits;
        var request = new QuotaLeaseRequest(
            silo,
            lease is null ? 1 : limits!.RequestsPerSecond > 0 ? Math.Max(0, QuotaSlices.Requests(lease) - _requests) : 0,
            lease is null ? units : limits!.UnitsPerMinute > 0 || limits.MonthlyUnits > 0 ? Math.Max(0, QuotaSlices.Units(lease, units) - _units) : 0,
            lease is null ? 1 : limits!.MaxConcurrent > 0 ? QuotaSlices.Slots(limits) : 0,
            _excess,
            0,
            0);
        _excess = 0;
        return LeaseAsync(request);
    }

    private async Task LeaseAsync(QuotaLeaseRequest request)
    {
        _askedAt = time.GetUtcNow();
        var lease = await grain.LeaseAsync(request);
        lock (_gate)
        {
            if (_lease is null || _lease.Version != lease.Version)
            {
                KeepWithin(lease);
            }

            // What an unlimited grain grants is not minted, so it is not kept either.
            _lease = lease;
            _requests = lease.Limits.RequestsPerSecond > 0 ? _requests + lease.Requests : 0;
            _units = lease.Limits.UnitsPerMinute > 0 || lease.Limits.MonthlyUnits > 0 ? _units + lease.Units : 0;

            // Slices shrink as more silos lease: what is held beyond today's slice goes back with the next call.
            if (_requests > QuotaSlices.Requests(lease))
            {
                _excess += _requests - QuotaSlices.Requests(lease);
                _requests = QuotaSlices.Requests(lease);
            }

            if (lease.Limits.MaxConcurrent > 0)
            {
                _slotsFree += lease.Slots;
                _slotsHeld += lease.Slots;
            }

            var now = time.GetUtcNow();
            var life = lease.ValidFor > TimeSpan.Zero ? lease.ValidFor : QuotaAllowance.LeaseLife;
            (_renewAt, _expiresAt) = (now + (life / 2), now + life);
            _refusal = null;
        }
    }

    /// <summary>
    /// New limits: what is held here beyond one new slice is dropped (never given back, so it cannot be spent twice),
    /// and so is all of it for a limit that did not exist before (what an unlimited lease granted was never minted).
    /// </summary>
    private void KeepWithin(QuotaLease lease)
    {
        var before = _lease?.Limits ?? QuotaLimits.Unlimited;
        var limits = lease.Limits;
        _excess = 0;
        _requests = limits.RequestsPerSecond > 0 && before.RequestsPerSecond > 0 ? Math.Min(_requests, QuotaSlices.Requests(lease)) : 0;
        var unitsLimited = limits.UnitsPerMinute > 0 || limits.MonthlyUnits > 0;
        var unitsWereLimited = before.UnitsPerMinute > 0 || before.MonthlyUnits > 0;
        _units = unitsLimited && unitsWereLimited ? Math.Min(_units, QuotaSlices.Units(lease, 0)) : 0;
        if (limits.MaxConcurrent > 0 && before.MaxConcurrent <= 0)
        {
            _slotsHeld -= _slotsFree;
            _slotsFree = 0;
        }
    }

    private Admission Admitted(QuotaLease lease) => Admission.Of(lease.Limits.MaxConcurrent > 0 ? this : null, lease, _requests, _units);

    private QuotaExceededException Refuse(long units)
    {
        var refusal = QuotaRefusal.For(TenantId, _lease!, _requests, _units, units, time.GetUtcNow());

        // Concurrency frees up as calls finish here or elsewhere: only rate and budget refusals are remembered.
        if (refusal.Limit != "max_concurrent")
        {
            _refusal = refusal;

            // Never past the lease's life: a budget raised before the month ends must be seen.
            _refusedUntil = Min(time.GetUtcNow() + refusal.RetryAfter, _expiresAt);
        }

        return refusal;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
