using Grpc.Core;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// What one scenario measured, from the calls' outcomes and the cluster's membership and replicas as the runner
/// watched them. Times are from the fault; gaps and percentiles count only tenants without a binding quota.
/// </summary>
public sealed record ScenarioResult(
    ChaosScenario Scenario,
    string? Victim,
    int Calls,
    int Ok,
    IReadOnlyDictionary<StatusCode, int> Errors,
    TimeSpan LongestGapWithoutOk,
    TimeSpan LongestGapAfterFirst5s,
    TimeSpan? Eviction,
    TimeSpan? Replacement,
    TimeSpan? P99Before,
    TimeSpan? P99During,
    TimeSpan? P99After,
    QuotaCheck Quota,
    UsageCheck Usage)
{
    public double OkPercent => Calls == 0 ? 0 : 100.0 * Ok / Calls;

    /// <param name="faultAt">When the fault was injected, on the scenario's clock.</param>
    /// <param name="recoveredAt">When the runner had undone it (restarted, thawed, healed), on the same clock.</param>
    public static ScenarioResult From(
        ChaosScenario scenario,
        string? victim,
        IReadOnlyList<CallOutcome> outcomes,
        IReadOnlySet<string> quotaTenants,
        TimeSpan faultAt,
        TimeSpan recoveredAt,
        (TimeSpan? Eviction, TimeSpan? Replacement) watched,
        QuotaCheck quota,
        UsageCheck usage)
    {
        var free = outcomes.Where(o => !quotaTenants.Contains(o.Tenant)).ToArray();
        var end = free.Length == 0 ? faultAt : free.Max(o => o.End);
        var okEnds = free.Where(o => o.Ok).Select(o => o.End).Order().ToArray();
        return new ScenarioResult(
            scenario,
            victim,
            free.Length,
            okEnds.Length,
            free.Where(o => !o.Ok).GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count()),
            LongestGap(okEnds, TimeSpan.Zero, end),
            LongestGap(okEnds, faultAt + TimeSpan.FromSeconds(5), end),
            watched.Eviction,
            watched.Replacement,
            P99(free.Where(o => o.Start < faultAt)),
            P99(free.Where(o => o.Start >= faultAt && o.Start < recoveredAt)),
            P99(free.Where(o => o.Start >= recoveredAt)),
            quota,
            usage);
    }

    /// <summary>The longest time within [from, to] in which no call was answered OK.</summary>
    public static TimeSpan LongestGap(IReadOnlyList<TimeSpan> okEnds, TimeSpan from, TimeSpan to)
    {
        var longest = TimeSpan.Zero;
        var previous = from;
        foreach (var ok in okEnds.Where(t => t >= from && t <= to).Append(to))
        {
            longest = ok - previous > longest ? ok - previous : longest;
            previous = ok;
        }

        return longest;
    }

    private static TimeSpan? P99(IEnumerable<CallOutcome> calls)
    {
        var latencies = calls.Where(c => c.Ok).Select(c => c.Latency).Order().ToArray();
        return latencies.Length == 0 ? null : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(latencies.Length * 0.99) - 1)];
    }
}

/// <summary>
/// The tenant driven above its quota: what was admitted in its window against rate·t + burst, and the extra the
/// README states for N silos in the steady state, rate·100 ms·H(N) + N.
/// </summary>
public sealed record QuotaCheck(int Admitted, int Refused, double Allowed, double StatedExtra)
{
    public double Overshoot => Admitted - Allowed;

    public bool WithinBound => Overshoot <= StatedExtra;

    public static QuotaCheck From(IReadOnlyList<CallOutcome> calls, double rate, int burst, int silos)
    {
        if (calls.Count == 0)
        {
            return new QuotaCheck(0, 0, 0, 0);
        }

        var window = (calls.Max(c => c.End) - calls.Min(c => c.Start)).TotalSeconds;
        var harmonic = Enumerable.Range(1, silos).Sum(i => 1.0 / i);
        return new QuotaCheck(
            calls.Count(c => c.Ok),
            calls.Count(c => c.Status == StatusCode.ResourceExhausted),
            rate * window + burst,
            rate * 0.1 * harmonic + silos);
    }
}

/// <summary>
/// The usage report against the client: calls billed (OK records, each idempotency key once) and calls the client
/// saw answered OK. A call that failed at the client after a server finished it may be billed: the report may exceed
/// the OK count by at most the calls that finally failed.
/// </summary>
public sealed record UsageCheck(long Billed, long Ok, long FinallyFailed)
{
    public bool Exact => Billed == Ok;

    public bool WithinBound => Billed >= Ok && Billed <= Ok + FinallyFailed;
}
