namespace Granary.Tenants;

/// <summary>
/// A tenant's monthly budget, counted from the usage ledger: the billed units the ledger holds for this month,
/// plus every unit leased since the ledger's answer could have missed it (leased after the ledger was read, less
/// <see cref="ShipLag"/>, the most a spent unit takes to reach the ledger). A unit is so counted in one place or
/// the other, never in a counter of its own that could drift from the records. What the cluster can admit past the
/// budget: what silos hold unspent (one slice each), and records a silo has not shipped for longer than
/// <see cref="ShipLag"/> (a silo cut off from the store while still admitting).
/// </summary>
public sealed class MonthlyBudget(TimeProvider time)
{
    /// <summary>How long a spent unit may take to reach the ledger: a few ship intervals and a store round trip.</summary>
    public static readonly TimeSpan ShipLag = TimeSpan.FromSeconds(5);

    private readonly Queue<(DateTimeOffset At, double Units)> _leased = new();

    public string Month { get; private set; } = "";

    /// <summary>Billed units in this month as the ledger last answered.</summary>
    public long LedgerUnits { get; private set; }

    /// <summary>Billed requests this month as the ledger last answered.</summary>
    public long LedgerRequests { get; private set; }

    public DateTimeOffset? LedgerReadAt { get; private set; }

    /// <summary>Units leased (negative: given back) now.</summary>
    public void OnLeased(double units)
    {
        if (units != 0)
        {
            _leased.Enqueue((time.GetUtcNow(), units));
        }
    }

    /// <summary>The ledger's totals for <paramref name="month"/>, as read at <paramref name="readAt"/>.</summary>
    public void OnLedger(string month, long units, long requests, DateTimeOffset readAt)
    {
        Month = month;
        LedgerUnits = units;
        LedgerRequests = requests;
        LedgerReadAt = readAt;
        while (_leased.TryPeek(out var oldest) && oldest.At < readAt - ShipLag)
        {
            _leased.Dequeue();
        }
    }

    /// <summary>Units used this month as far as admission knows: the ledger's plus what it may not hold yet.</summary>
    public double Used => LedgerUnits + Math.Max(0, _leased.Sum(l => l.Units));

    public double Remaining(long monthlyUnits) => monthlyUnits > 0 ? Math.Max(0, monthlyUnits - Used) : double.MaxValue;
}
