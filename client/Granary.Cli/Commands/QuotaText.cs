using System.Globalization;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary>
/// Quota numbers as the tenant and quota commands print them: invariant digits; a limit of 0 or -1 is unlimited.
/// A tenant's own quota (<see cref="Own(long)"/>) shows 0 as "plan": the tenant's plan gives that limit.
/// </summary>
internal static class QuotaText
{
    public const string Unlimited = "unlimited";

    public const string FromPlan = "plan";

    public static string Limit(long limit) => limit <= 0 ? Unlimited : Number(limit);

    public static string Limit(double limit) => limit <= 0 ? Unlimited : Number(limit);

    public static string Own(long limit) => limit == 0 ? FromPlan : Limit(limit);

    public static string Own(double limit) => limit == 0 ? FromPlan : Limit(limit);

    /// <summary>The request bucket: unlimited without a rate, one second of requests when no burst is set.</summary>
    public static string Burst(QuotaLimits limits) => limits switch
    {
        { RequestsPerSecond: <= 0 } => Unlimited,
        { Burst: > 0 } => Number(limits.Burst),
        _ => $"{Number(Math.Max(1, limits.RequestsPerSecond))} (1 s)",
    };

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
