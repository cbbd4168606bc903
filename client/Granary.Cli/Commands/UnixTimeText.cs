using System.Globalization;

namespace Granary.Cli.Commands;

/// <summary>Unix milliseconds from the wire as UTC ISO-8601 to the second, with 0 (never) as "-".</summary>
internal static class UnixTimeText
{
    public static string Format(long unixMs) =>
        unixMs == 0
            ? "-"
            : DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
