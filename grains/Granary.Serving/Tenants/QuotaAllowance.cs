namespace Granary.Tenants;

/// <summary>
/// The quota grain's arithmetic, apart from Orleans so that it can be tested and simulated: the request and unit
/// buckets, the limits' version, and the silos that leased lately, from which it sizes slices. A slice is
/// <see cref="SliceOfRate"/> of the rate shared among the active lessees (at least one token), so what silos hold
/// unspent in total stays near one slice of the rate however many silos serve the tenant.
/// </summary>
public sealed class QuotaAllowance
{
    /// <summary>How long a lease's limits hold on a silo before it asks again: the bound on a change's reach.</summary>
    public static readonly TimeSpan LeaseLife = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a silo counts as a lessee after its last lease. A silo that holds a slice asks again at least every
    /// half lease life once it serves a call, and gives its slice back after about 1.5 s without one, so 3 s covers
    /// every silo that may hold a slice.
    /// </summary>
    public static readonly TimeSpan LesseeFor = TimeSpan.FromSeconds(3);

    /// <summary>What all the silos holding leases hold unspent in total: this much of the limit's rate.</summary>
    public static readonly TimeSpan SliceOfRate = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _lessees = new(StringComparer.Ordinal);
    private readonly TokenBucket _requests;
    private readonly TokenBucket _units;
    private long _refilledAt;

    /// <summary>
    /// Buckets at the saved levels plus what the time since minted; with no saved time (state from before levels
    /// were kept, read once after an upgrade) they start full, as a grain activated before levels were kept did:
    /// starting empty would refuse every such tenant's first calls after the upgrade.
    /// </summary>
    public QuotaAllowance(QuotaLimits limits, long version, double requestTokens, double unitTokens, DateTimeOffset savedAt, TimeProvider time)
    {
        _time = time;
        Limits = limits;
        Version = version;
        _requests = new TokenBucket(limits.RequestBucket, limits.RequestsPerSecond, TimeSpan.FromSeconds(1));
        _units = new TokenBucket(limits.UnitsPerMinute, limits.UnitsPerMinute, TimeSpan.FromMinutes(1));
        var saved = savedAt != default;
        _requests.Restore(saved ? requestTokens : limits.RequestBucket);
        _units.Restore(saved ? unitTokens : limits.UnitsPerMinute);
        _refilledAt = time.GetTimestamp();
        if (saved)
        {
            var seconds = Math.Max(0, (time.GetUtcNow() - savedAt).TotalSeconds);
            _requests.Fill(seconds);
            _units.Fill(seconds);
        }
    }

    public QuotaLimits Limits { get; private set; }

    public long Version { get; private set; }

    public double RequestTokens => Refilled()._requests.Tokens;

    public double UnitTokens => Refilled()._units.Tokens;

    /// <summary>Silos that asked for a slice within the last <see cref="LesseeFor"/> (at least one), as of the last lease.</summary>
    public int ActiveLessees { get; private set; } = 1;

    public double RequestSlice => Math.Max(1, Math.Ceiling(Limits.RequestsPerSecond * SliceOfRate.TotalSeconds / ActiveLessees));

    public double UnitSlice => Math.Max(1, Math.Ceiling(Limits.UnitsPerMinute / 60.0 * SliceOfRate.TotalSeconds / ActiveLessees));

    /// <summary>Takes back what a silo did not spend; a silo that only gives back is no longer an active lessee.</summary>
    public void Return(string silo, double requests, double units, bool stillLeasing)
    {
        Refilled();
        _requests.Return(requests);
        _units.Return(units);
        if (!stillLeasing && _lessees.Remove(silo))
        {
            ActiveLessees = Math.Max(1, ActiveLessees - 1);
        }
    }

    /// <summary>Grants what the buckets hold of what was asked (units no more than <paramref name="unitsCap"/>) and takes it.</summary>
    public (double Requests, double Units) Grant(string silo, double requests, double units, double unitsCap)
    {
        Refilled();
        _lessees[silo] = _time.GetUtcNow();
        ActiveLessees = Math.Max(1, ForgetBefore(_time.GetUtcNow() - LesseeFor));

        // A silo asks by the slice it was told last; it gets no more requests than today's slice. (Units are not
        // capped: one request may need more than a slice of them.)
        var grantedRequests = _requests.Grantable(_requests.IsLimited ? Math.Min(requests, RequestSlice) : requests);
        var grantedUnits = Math.Max(0, Math.Min(_units.Grantable(units), unitsCap));
        _requests.Take(grantedRequests);
        _units.Take(grantedUnits);
        return (grantedRequests, grantedUnits);
    }

    /// <summary>New limits under a new version: buckets keep what is left, up to their new size (a new limit starts full).</summary>
    public void Change(QuotaLimits limits)
    {
        Refilled();
        Limits = limits;
        Version++;
        _requests.Resize(limits.RequestBucket, limits.RequestsPerSecond);
        _units.Resize(limits.UnitsPerMinute, limits.UnitsPerMinute);
    }

    /// <summary>Drops the silos that have not leased since <paramref name="before"/>; the number left.</summary>
    private int ForgetBefore(DateTimeOffset before)
    {
        foreach (var (silo, seen) in _lessees)
        {
            if (seen < before)
            {
                _lessees.Remove(silo);
            }
        }

        return _lessees.Count;
    }

    private QuotaAllowance Refilled()
    {
        var now = _time.GetTimestamp();
        var seconds = (now - _refilledAt) / (double)_time.TimestampFrequency;
        _refilledAt = now;
        _requests.Fill(seconds);
        _units.Fill(seconds);
        return this;
    }
}
