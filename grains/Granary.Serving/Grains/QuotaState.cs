namespace Granary.Tenants;

/// <summary>
/// A quota grain's persisted state: the limits and their version, and the buckets' levels
/// as of the last lease, so that a re-activated grain does not mint a fresh burst on top of what silos still hold.
/// </summary>
[GenerateSerializer, Alias("granary.QuotaState")]
public sealed class QuotaState
{
    [Id(0)]
    public QuotaLimits Limits { get; set; } = QuotaLimits.Unlimited;

    // Ids 1-3 held the month's own counters, before the monthly budget was counted from the usage ledger; never reuse them.

    /// <summary>Bumped by every change of limits; leases carry it, so a silo knows its limits are stale.</summary>
    [Id(4)]
    public long LimitsVersion { get; set; }

    [Id(5)]
    public double RequestTokens { get; set; }

    [Id(6)]
    public double UnitTokens { get; set; }

    /// <summary>When the levels were saved; default when never (state written before levels were kept).</summary>
    [Id(7)]
    public DateTimeOffset TokensAsOf { get; set; }
}
