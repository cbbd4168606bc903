namespace Granary.Usage;

/// <summary>
/// One cell of the roll-up: one tenant × model × version × key × status in one UTC hour, and its counters.
/// Both stores keep these and nothing coarser; days and months are sums of hours, so no two paths can drift.
/// </summary>
public sealed record HourlyUsage(
    string TenantId,
    DateTimeOffset Hour,
    string Model,
    string Version,
    string KeyId,
    string Status,
    long Requests,
    long UnitsIn,
    long UnitsOut,
    long ComputeMicroseconds)
{
    /// <summary>Time the cell's requests waited in a replica's queue, summed.</summary>
    public long QueueMicroseconds { get; init; }

    /// <summary>The cell's requests' latency (front door to answer), summed.</summary>
    public long LatencyMicroseconds { get; init; }

    /// <summary>The sizes of the batches the cell's requests ran in, summed (mean batch = this / requests that ran).</summary>
    public long BatchRows { get; init; }

    private readonly long[] _latencyCounts = [];

    /// <summary>
    /// Latencies counted per <see cref="LatencyHistogram"/> bucket; empty in cells stored before it was kept (the
    /// JSON reader sets a missing init-only property to null, which reads as empty here).
    /// </summary>
    public long[] LatencyCounts
    {
        get => _latencyCounts;
        init => _latencyCounts = (long[]?)value ?? [];
    }

    /// <summary>The sum of two cells of the same dimensions.</summary>
    public HourlyUsage Plus(HourlyUsage other) => this with
    {
        Requests = Requests + other.Requests,
        UnitsIn = UnitsIn + other.UnitsIn,
        UnitsOut = UnitsOut + other.UnitsOut,
        ComputeMicroseconds = ComputeMicroseconds + other.ComputeMicroseconds,
        QueueMicroseconds = QueueMicroseconds + other.QueueMicroseconds,
        LatencyMicroseconds = LatencyMicroseconds + other.LatencyMicroseconds,
        BatchRows = BatchRows + other.BatchRows,
        LatencyCounts = LatencyHistogram.Add(LatencyCounts, other.LatencyCounts),
    };

    /// <summary>The record's own cell: its UTC hour and its dimensions, counting one request.</summary>
    public static HourlyUsage Of(UsageRecord record) => new(
        record.TenantId,
        UsageBuckets.Start(record.StartedAt, UsageBucket.Hour),
        record.Model,
        record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        record.KeyId,
        record.Status,
        1,
        record.UnitsIn,
        record.UnitsOut,
        record.ComputeMicroseconds)
    {
        QueueMicroseconds = record.QueueMicroseconds,
        LatencyMicroseconds = record.LatencyMicroseconds,
        BatchRows = record.BatchSize,
        // A record logged before latency was kept says 0: it counts everywhere but in the histogram.
        LatencyCounts = record.LatencyMicroseconds > 0 ? LatencyHistogram.Of(record.LatencyMicroseconds) : [],
    };
}
