using System.Globalization;
using StackExchange.Redis;

namespace Granary.Usage;

/// <summary>
/// The ledger's Redis keys, each under the configured prefix: <c>usage:rec:{record}</c> and
/// <c>usage:idem:{tenant}:{key}</c> (dedup markers with a TTL), <c>usage:h:{tenant}:{yyyyMMddHH}</c> (an hour's
/// roll-up hash), and the indexes reports enumerate: <c>usage:tenants</c> (a set) and <c>usage:hours:{tenant}</c>
/// (a sorted set of hours scored by hours since the epoch).
/// </summary>
public sealed class RedisUsageKeys(string prefix)
{
    public RedisKey Record(string recordId) => $"{prefix}usage:rec:{recordId}";

    public RedisKey Idempotency(string tenantId, string key) => $"{prefix}usage:idem:{tenantId}:{key}";

    public RedisKey Hour(string tenantId, string hour) => $"{prefix}usage:h:{tenantId}:{hour}";

    public RedisKey Tenants => $"{prefix}usage:tenants";

    public RedisKey Hours(string tenantId) => $"{prefix}usage:hours:{tenantId}";

    public static string HourName(DateTimeOffset hour) => hour.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseHour(string name) =>
        new(DateTime.ParseExact(name, "yyyyMMddHH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), TimeSpan.Zero);

    /// <summary>An hour's score in <see cref="Hours"/>: whole hours since the Unix epoch.</summary>
    public static long HourScore(DateTimeOffset hour) => hour.ToUnixTimeSeconds() / 3600;
}
