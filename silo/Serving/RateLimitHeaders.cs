using System.Globalization;
using Granary.Tenants.Admission;

namespace Granary.Silo.Serving;

/// <summary>
/// OpenAI-style rate-limit headers on every admitted inference, the same over gRPC and HTTP: the limit, what
/// remains cluster-wide (as this silo last learned it), and the time until the bucket is full again.
/// Requests are per second and units per minute, as the limits are set.
/// </summary>
public static class RateLimitHeaders
{
    public static List<(string Name, string Value)> Of(Admission admission)
    {
        var headers = new List<(string, string)>();
        var limits = admission.Limits;
        if (limits.RequestsPerSecond > 0)
        {
            headers.Add(("x-ratelimit-limit-requests", limits.RequestsPerSecond.ToString("0.###", CultureInfo.InvariantCulture)));
            headers.Add(("x-ratelimit-remaining-requests", Math.Floor(admission.RequestsRemaining).ToString(CultureInfo.InvariantCulture)));
            headers.Add(("x-ratelimit-reset-requests", Duration(admission.RequestsReset)));
        }

        if (limits.UnitsPerMinute > 0)
        {
            headers.Add(("x-ratelimit-limit-units", limits.UnitsPerMinute.ToString(CultureInfo.InvariantCulture)));
            headers.Add(("x-ratelimit-remaining-units", Math.Floor(admission.UnitsRemaining).ToString(CultureInfo.InvariantCulture)));
            headers.Add(("x-ratelimit-reset-units", Duration(admission.UnitsReset)));
        }

        return headers;
    }

    private static string Duration(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
}
