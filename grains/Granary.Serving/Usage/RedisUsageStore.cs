using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Granary.Usage;

/// <summary>
/// The cluster's ledger in Redis: each shipped record counted once by <see cref="RedisUsageScript.CountOnce"/>
/// into its hour's roll-up hash; reports read the hours in range and sum them. Connects lazily and fails fast
/// while Redis is down, so the shipper's next round, not a queue in the client, is the retry.
/// </summary>
public sealed class RedisUsageStore : IUsageStore, IAsyncDisposable, IDisposable
{
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
        var counted = new Task<RedisResult>[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            counted[i] = database.ScriptEvaluateAsync(RedisUsageScript.CountOnce, KeysOf(records[i]), ValuesOf(records[i]));
        }

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

    private RedisKey[] KeysOf(UsageRecord record)
    {
        var hour = UsageBuckets.Start(record.StartedAt, UsageBucket.Hour);
        var idempotency = record.IsBilled && record.IdempotencyKey is { } key ? _keys.Idempotency(record.TenantId, key) : new RedisKey("");
        return [_keys.Record(record.RecordId), idempotency, _keys.Hour(record.TenantId, RedisUsageKeys.HourName(hour)), _keys.Tenants, _keys.Hours(record.TenantId)];
    }

    private RedisValue[] ValuesOf(UsageRecord record)
    {
        var hour = UsageBuckets.Start(record.StartedAt, UsageBucket.Hour);
        return
        [
            (long)_options.RecordIdRetention.TotalSeconds,
            (long)_options.DedupWindow.TotalSeconds,
            RedisUsageCells.Field(record),
            record.UnitsIn,
            record.UnitsOut,
            record.ComputeMicroseconds,
            record.TenantId,
            RedisUsageKeys.HourName(hour),
            RedisUsageKeys.HourScore(hour),
            record.QueueMicroseconds,
            record.LatencyMicroseconds,
            record.BatchSize,
            record.LatencyMicroseconds > 0 ? RedisUsageCells.LatencyCounter(LatencyHistogram.BucketOf(record.LatencyMicroseconds)) : "",
        ];
    }
}
