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

    /// <summary>
    /// The cell of records that share an hour and dimensions, each counted once: its UTC hour, its
    /// dimensions and the sums of their counters. A record logged before latency was kept says 0: it counts everywhere
    /// but in the histogram.
    /// </summary>
    public static HourlyUsage Of(IReadOnlyList<UsageRecord> records)
    {
        long unitsIn = 0, unitsOut = 0, compute = 0, queue = 0, latency = 0, batchRows = 0;
        var counts = new long[LatencyHistogram.BucketCount];
        var timed = false;
        foreach (var record in records)
        {
            unitsIn += record.UnitsIn;
            unitsOut += record.UnitsOut;
            compute += record.ComputeMicroseconds;
            queue += record.QueueMicroseconds;
            latency += record.LatencyMicroseconds;
            batchRows += record.BatchSize;
            if (record.LatencyMicroseconds > 0)
            {
                counts[LatencyHistogram.BucketOf(record.LatencyMicroseconds)]++;
                timed = true;
            }
        }

        var first = records[0];
        return new(
            first.TenantId,
            UsageBuckets.Start(first.StartedAt, UsageBucket.Hour),
            first.Model,
            first.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            first.KeyId,
            first.Status,
            records.Count,
            unitsIn,
            unitsOut,
            compute)
        {
            QueueMicroseconds = queue,
            LatencyMicroseconds = latency,
            BatchRows = batchRows,
            LatencyCounts = timed ? counts : [],
        };
    }

    /// <summary>The record's own cell: its UTC hour and its dimensions, counting one request.</summary>
    public static HourlyUsage Of(UsageRecord record) => Of([record]);
}
