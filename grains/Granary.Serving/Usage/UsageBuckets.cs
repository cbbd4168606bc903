namespace Granary.Usage;

/// <summary>Report buckets in UTC: an hour, a day from midnight, a month from its first day.</summary>
public static class UsageBuckets
{
    public static DateTimeOffset Start(DateTimeOffset time, UsageBucket bucket)
    {
        var utc = time.UtcDateTime;
        return bucket switch
        {
            UsageBucket.Hour => new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero),
            UsageBucket.Day => new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero),
            UsageBucket.Month => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "a bucket is an hour, a day or a month"),
        };
    }

    /// <summary>Whether an hour is in a report's range: hours are whole, so the range starts at the hour <paramref name="from"/> falls in.</summary>
    public static bool Covers(DateTimeOffset hour, DateTimeOffset from, DateTimeOffset to) =>
        hour >= Start(from, UsageBucket.Hour) && hour < to;
}
