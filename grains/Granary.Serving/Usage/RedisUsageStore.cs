using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Granary.Usage;

/// <summary>
/// The cluster's ledger in Redis: each shipped record counted once by <see cref="RedisUsageScript.CountEachOnce"/>
/// into its hour's roll-up hash, in chunks of <see cref="RecordsPerScript"/> records per script call (sent together);
/// reports read the hours in range and sum them. Connects lazily and fails fast while Redis is down, so the shipper's
/// next round, not a queue in the client, is the retry.
/// </summary>
public sealed class RedisUsageStore : IUsageStore, IAsyncDisposable, IDisposable
{
    /// <summary>Records per script call: large enough that a call's own cost is spread thin, small enough that one call
    /// holds Redis for well under a millisecond.</summary>
    public const int RecordsPerScript = 128;

    private readonly Lazy<Task<ConnectionMultiplexer>> _redis;
    private readonly RedisUsageKeys _keys;
    private readonly UsageOptions _options;

    public RedisUsageStore(ConfigurationOptions configuration, IOptions<UsageOptions> options)
    {
        var connection = configuration.Clone();
        connection.AbortOnConnectFail = false;
        connection.BacklogPolicy = BacklogPolicy.FailFast;
        connection.ReconnectRetryPolicy = new LinearRetry(1000);
        _redis = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(connection));
        _options = options.Value;
        _keys = new RedisUsageKeys(_options.RedisPrefix);
    }

    public async Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        var database = (await _redis.Value).GetDatabase();
        var counted = records.Chunk(RecordsPerScript)
            .Select(chunk => database.ScriptEvaluateAsync(RedisUsageScript.CountEachOnce, KeysOf(chunk), ValuesOf(chunk)))
            .ToArray();
        await Task.WhenAll(counted).WaitAsync(cancellationToken);
    }

    public async Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken) =>
        UsageReport.Page(await CellsAsync(query.TenantId, query.From, query.To, cancellationToken), query);

    public async Task<IReadOnlyList<HourlyUsage>> CellsAsync(string? tenantId, DateTimeOffset fromTime, DateTimeOffset toTime, CancellationToken cancellationToken)
    {
        var database = (await _redis.Value).GetDatabase();
        var tenants = tenantId is { } tenant ? [tenant] : (await database.SetMembersAsync(_keys.Tenants)).Select(t => t.ToString()).ToArray();
        var from = RedisUsageKeys.HourScore(UsageBuckets.Start(fromTime, UsageBucket.Hour));
        var to = (toTime.ToUnixTimeSeconds() + 3599) / 3600;
        var reads = new List<(string Tenant, string Hour, Task<HashEntry[]> Fields)>();
        foreach (var id in tenants)
        {
            foreach (var hour in await database.SortedSetRangeByScoreAsync(_keys.Hours(id), from, to, Exclude.Stop))
            {
                reads.Add((id, hour.ToString(), database.HashGetAllAsync(_keys.Hour(id, hour.ToString()))));
            }
        }

        var fields = await Task.WhenAll(reads.Select(r => r.Fields)).WaitAsync(cancellationToken);
        return reads.SelectMany((r, i) => RedisUsageCells.Parse(r.Tenant, RedisUsageKeys.ParseHour(r.Hour), fields[i])).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis.IsValueCreated)
        {
            await (await _redis.Value).DisposeAsync();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private RedisKey[] KeysOf(UsageRecord[] chunk)
    {
        var keys = new RedisKey[1 + RedisUsageScript.KeysPerRecord * chunk.Length];
        keys[0] = _keys.Tenants;
        var at = 1;
        foreach (var record in chunk)
        {
            var hour = RedisUsageKeys.HourName(UsageBuckets.Start(record.StartedAt, UsageBucket.Hour));
            keys[at++] = _keys.Record(record.RecordId);
            keys[at++] = record.IsBilled && record.IdempotencyKey is { } key ? _keys.Idempotency(record.TenantId, key) : new RedisKey("");
            keys[at++] = _keys.Hour(record.TenantId, hour);
            keys[at++] = _keys.Hours(record.TenantId);
        }

        return keys;
    }

    private RedisValue[] ValuesOf(UsageRecord[] chunk)
    {
        var values = new RedisValue[2 + RedisUsageScript.ValuesPerRecord * chunk.Length];
        values[0] = (long)_options.RecordIdRetention.TotalSeconds;
        values[1] = (long)_options.DedupWindow.TotalSeconds;
        var at = 2;
        foreach (var record in chunk)
        {
            var hour = UsageBuckets.Start(record.StartedAt, UsageBucket.Hour);
            values[at++] = RedisUsageCells.Field(record);
            values[at++] = record.UnitsIn;
            values[at++] = record.UnitsOut;
            values[at++] = record.ComputeMicroseconds;
            values[at++] = record.QueueMicroseconds;
            values[at++] = record.LatencyMicroseconds;
            values[at++] = record.BatchSize;
            values[at++] = record.LatencyMicroseconds > 0 ? RedisUsageCells.LatencyCounter(LatencyHistogram.BucketOf(record.LatencyMicroseconds)) : "";
            values[at++] = record.TenantId;
            values[at++] = RedisUsageKeys.HourName(hour);
            values[at++] = RedisUsageKeys.HourScore(hour);
        }

        return values;
    }
}
