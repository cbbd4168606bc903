namespace Granary.Tenants;

/// <summary>
/// A token bucket that only its owner fills: <see cref="Rate"/> tokens accrue per <see cref="Period"/>, up to
/// <see cref="Capacity"/>, and it starts full. A rate of zero is no limit: it grants whatever is asked and
/// counts nothing.
/// </summary>
public sealed class TokenBucket(double capacity, double rate, TimeSpan period)
{
    public double Capacity { get; private set; } = capacity;

    public double Rate { get; private set; } = rate;

    public TimeSpan Period { get; } = period;

    public double Tokens { get; private set; } = capacity;

    public bool IsLimited => Rate > 0;

    /// <summary>Adds what <paramref name="seconds"/> mint, up to the capacity.</summary>
    public void Fill(double seconds) => Tokens = Math.Min(Capacity, Tokens + seconds * Rate / Period.TotalSeconds);

    /// <summary>Takes back tokens a holder did not spend, up to the capacity.</summary>
    public void Return(double tokens) => Tokens = Math.Min(Capacity, Tokens + tokens);

    /// <summary>The whole tokens of <paramref name="asked"/> the bucket holds (all that is asked when unlimited); takes nothing.</summary>
    public double Grantable(double asked) => IsLimited ? Math.Floor(Math.Min(asked, Tokens)) : asked;

    public void Take(double tokens)
    {
        if (IsLimited)
        {
            Tokens -= tokens;
        }
    }

    /// <summary>Sets the level (a saved one, or zero), within 0 and the capacity; an unlimited bucket stays as it is.</summary>
    public void Restore(double tokens)
    {
        if (IsLimited)
        {
            Tokens = Math.Clamp(tokens, 0, Capacity);
        }
    }

    /// <summary>New limits: a bucket that had no limit starts full; one that had keeps what is left, up to its new capacity.</summary>
    public void Resize(double capacity, double rate)
    {
        Tokens = IsLimited ? Math.Min(Tokens, capacity) : capacity;
        (Capacity, Rate) = (capacity, rate);
    }
}
