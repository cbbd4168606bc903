using System.Globalization;
using StackExchange.Redis;

namespace Granary.Usage;

/// <summary>
/// An hour hash's fields: <c>{model}|{version}|{key}|{status}|{counter}</c>, the counter one of r (requests),
/// i (units in), o (units out), c (compute µs). Read from the right, so only the model could hold a '|'.
/// </summary>
public static class RedisUsageCells
{
    public static string Field(UsageRecord record) =>
        string.Create(CultureInfo.InvariantCulture, $"{record.Model}|{record.Version}|{record.KeyId}|{record.Status}");

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
            cells[cell] = name[(split + 1)..] switch
            {
                "r" => counted with { Requests = counted.Requests + value },
                "i" => counted with { UnitsIn = counted.UnitsIn + value },
                "o" => counted with { UnitsOut = counted.UnitsOut + value },
                "c" => counted with { ComputeMicroseconds = counted.ComputeMicroseconds + value },
                _ => counted,
            };
        }

        return cells.Values;
    }
}
