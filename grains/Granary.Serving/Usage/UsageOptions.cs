namespace Granary.Usage;

/// <summary>The usage ledger (<c>Granary:Usage</c>): how the local log ships to the store, and how long the store deduplicates.</summary>
public sealed class UsageOptions
{
    public const string Section = "Granary:Usage";

    /// <summary>How often the shipper moves the local log to the store; the most a lost disk can lose on top of an outage's backlog.</summary>
    public TimeSpan ShipInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Records per append to the store.</summary>
    public int ShipBatchSize { get; set; } = 1000;

    /// <summary>A log segment is closed and a new one started past this size; a fully shipped segment is deleted.</summary>
    public long SegmentBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Within this window, OK records of one tenant with the same idempotency key count once.</summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the store remembers a record id, so a replayed record counts once.</summary>
    public TimeSpan RecordIdRetention { get; set; } = TimeSpan.FromDays(35);

    /// <summary>The ledger's Redis in cluster mode when it is not the cluster's own (a StackExchange.Redis configuration string); empty: <c>Granary:Redis</c>.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Prepended to every Redis key of the ledger, so that tests (or two clusters) sharing a Redis stay apart.</summary>
    public string RedisPrefix { get; set; } = "";

    /// <summary>The embedded store keeps at most this many idempotency keys (the oldest go first), since it rewrites its file on each ship.</summary>
    public int LocalMaxIdempotencyKeys { get; set; } = 100_000;
}
