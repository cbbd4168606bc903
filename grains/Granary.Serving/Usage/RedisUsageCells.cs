using System.Globalization;
using StackExchange.Redis;

namespace Granary.Usage;

/// <summary>
/// An hour hash's fields: <c>{model}|{version}|{key}|{status}|{counter}</c>, the counter one of r (requests),
/// i (units in), o (units out), c (compute µs), q (queue µs), t (latency µs), b (batch rows) or h{n} (requests in
/// latency bucket n). Read from the right, so only the model could hold a '|'. Hashes written before q, t, b and
/// h{n} were kept read as zero for them.
/// </summary>
public static class RedisUsageCells
{
    public static string Field(UsageRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"{record.Model}|{record.Version}|{record.KeyId}|{record.Status}");

    public static string LatencyCounter(int bucket) => string.Create(CultureInfo.InvariantCulture, $"h{bucket}");

    public static IEnumerable<HourlyUsage> Parse(string tenantId, DateTimeOffset hour, HashEntry[] fields)
    {
        var cells = new Dictionary<string, HourlyUsage>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var name = field.Name.ToString();
            var split = name.LastIndexOf('|');
            var cell = name[..split];
            var value = (long)field.Value;
            var parts = cell.Split('|');
            var counted = cells.TryGetValue(cell, out var found)
                ? found
                : new HourlyUsage(tenantId, hour, string.Join('|', parts[..^3]), parts[^3], parts[^2], parts[^1], 0, 0, 0, 0);
            var counter = name[(split + 1)..];
            cells[cell] = counter switch
            {
                "r" => counted with { Requests = counted.Requests + value },
                "i" => counted with { UnitsIn = counted.UnitsIn + value },
                "o" => counted with { UnitsOut = counted.UnitsOut + value },
                "c" => counted with { ComputeMicroseconds = counted.ComputeMicroseconds + value },
                "q" => counted with { QueueMicroseconds = counted.QueueMicroseconds + value },
                "t" => counted with { LatencyMicroseconds = counted.LatencyMicroseconds + value },
                "b" => counted with { BatchRows = counted.BatchRows + value },
                ['h', .. var index] when int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var bucket) && bucket < LatencyHistogram.BucketCount
                    => counted with { LatencyCounts = LatencyHistogram.Add(counted.LatencyCounts, Single(bucket, value)) },
                _ => counted,
            };
        }

        return cells.Values;
    }

    private static long[] Single(int bucket, long count)
    {
        var counts = new long[LatencyHistogram.BucketCount];
        counts[bucket] = count;
        return counts;
    }
}
