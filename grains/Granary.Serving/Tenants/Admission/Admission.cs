namespace Granary.Tenants.Admission;

/// <summary>
/// An admitted request: the limits and what remains, for the rate-limit headers; disposing it gives its
/// concurrency slot back.
/// </summary>
public sealed class Admission(QuotaGate? gate, QuotaLimits limits, double requestsRemaining, double unitsRemaining, TimeSpan requestsReset, TimeSpan unitsReset) : IDisposable
{
    public static Admission Unlimited { get; } = new(null, QuotaLimits.Unlimited, 0, 0, TimeSpan.Zero, TimeSpan.Zero);

    public QuotaLimits Limits { get; } = limits;

    public double RequestsRemaining { get; } = requestsRemaining;

    public double UnitsRemaining { get; } = unitsRemaining;

    /// <summary>Until the request bucket is full again.</summary>
    public TimeSpan RequestsReset { get; } = requestsReset;

    public TimeSpan UnitsReset { get; } = unitsReset;

    private int _released;

    /// <summary>An admission under <paramref name="lease"/>, with what is left here and at the grain; the gate only when a slot was taken.</summary>
    internal static Admission Of(QuotaGate? gate, QuotaLease lease, double requestsHeld, double unitsHeld)
    {
        var limits = lease.Limits;
        var requestsLeft = requestsHeld + lease.RequestsAvailable;
        var unitsLeft = unitsHeld + lease.UnitsAvailable;
        var requestsReset = limits.RequestsPerSecond > 0 ? QuotaRefusal.Seconds(Math.Max(0, limits.RequestBucket - requestsLeft) / limits.RequestsPerSecond) : TimeSpan.Zero;
        var unitsReset = limits.UnitsPerMinute > 0 ? QuotaRefusal.Seconds(Math.Max(0, limits.UnitsPerMinute - unitsLeft) / (limits.UnitsPerMinute / 60.0)) : TimeSpan.Zero;
        return new Admission(gate, limits, requestsLeft, unitsLeft, requestsReset, unitsReset);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            gate?.Release();
        }
    }
}
