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

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            gate?.Release();
        }
    }
}
