using System.Globalization;
using Granary.Tenants;

namespace Granary.Usage;

/// <summary>
/// The window a quality report covers, written as a count and a unit: <c>30m</c>, <c>1h</c> (the default),
/// <c>24h</c>, <c>7d</c>; from one minute to 31 days. The ledger keeps whole hours, so a window reads every hour
/// it overlaps: <c>1h</c> at 10:20 reads 09:00 to now.
/// </summary>
public static class QualityWindow
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(31);

    public static TimeSpan Parse(string text)
    {
        if (text.Length == 0)
        {
            return Default;
        }

        var unit = text[^1] switch
        {
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            _ => TimeSpan.Zero,
        };
        return unit > TimeSpan.Zero
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && unit * count <= Longest
            ? unit * count
            : throw new InvalidTenantRequestException("window", $"window must be a count and m, h or d, from 1m to 31d, such as 1h or 7d (got '{text}')");
    }
}
