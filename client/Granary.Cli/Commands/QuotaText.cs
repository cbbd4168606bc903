using System.Globalization;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary>Quota numbers as the tenant and quota commands print them: invariant digits, and 0 limits as unlimited.</summary>
internal static class QuotaText
{
    public const string Unlimited = "unlimited";

    public static string Limit(long limit) => limit == 0 ? Unlimited : Number(limit);

    public static string Limit(double limit) => limit == 0 ? Unlimited : Number(limit);

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
