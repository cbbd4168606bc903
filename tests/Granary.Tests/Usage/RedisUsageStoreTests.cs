using Granary.Usage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Granary.Tests.Usage;

/// <summary>The Redis ledger against the local redis-server, each test under its own key prefix.</summary>
public sealed class RedisUsageStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Hour = new(2026, 1, 31, 23, 0, 0, TimeSpan.Zero);

    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";
    private RedisUsageStore _store = null!;

    public Task InitializeAsync()
    {
        _store = new RedisUsageStore(ConfigurationOptions.Parse("127.0.0.1:6379"), Options.Create(new UsageOptions { RedisPrefix = _prefix }));
        return Task.CompletedTask;
    }

    private static UsageRecord Record(DateTimeOffset at, string tenant = "acme", string status = UsageStatus.Ok, string? idempotencyKey = null, string model = "iris") =>
        new(Guid.NewGuid().ToString("N"), tenant, "k1", model, 2, "silo-1", at, status, 64, 10, 5, 1500, 4, idempotencyKey);

    [Fact]
    public async Task Duplicates_by_record_id_and_by_idempotency_key_count_once_and_totals_are_exact()
    {
        var first = Record(Hour.AddMinutes(59), idempotencyKey: "call-1");
        var retry = Record(Hour.AddMinutes(59), idempotencyKey: "call-1");
        var failedThenRetried = Record(Hour.AddHours(1), status: UsageStatus.QueueFull, idempotencyKey: "call-2");
        var succeeded = Record(Hour.AddHours(1), idempotencyKey: "call-2");
        var other = Record(Hour.AddHours(1), tenant: "other", idempotencyKey: "call-1", model: "mlp");

        await _store.AppendAsync([first, retry, failedThenRetried], CancellationToken.None);
        await _store.AppendAsync([first, succeeded, other, succeeded], CancellationToken.None);

        var hours = (await _store.QueryAsync(new UsageQuery("acme", Hour, Hour.AddHours(2), UsageBucket.Hour, [UsageDimension.Status], 0, null), CancellationToken.None)).Rows;
        Assert.Equal(
            [$"{Hour:HH} OK 1", $"{Hour.AddHours(1):HH} OK 1", $"{Hour.AddHours(1):HH} QUEUE_FULL 1"],
            hours.Select(r => $"{r.BucketStart:HH} {r.Status} {r.Requests}"));
        var month = (await _store.QueryAsync(new UsageQuery(null, Hour.AddDays(-30), Hour.AddDays(30), UsageBucket.Month, [UsageDimension.Model, UsageDimension.Version], 0, null), CancellationToken.None)).Rows;
        Assert.Equal(
            ["2026-01 acme iris 2 1 0 64 10 1.5", "2026-02 acme iris 2 2 1 128 20 3", "2026-02 other mlp 2 1 0 64 10 1.5"],
            month.Select(r => $"{r.BucketStart:yyyy-MM} {r.TenantId} {r.Model} {r.Version} {r.Requests} {r.Errors} {r.UnitsIn} {r.UnitsOut} {r.ComputeMilliseconds}"));
    }

    [Fact]
    public async Task A_ship_batch_over_several_script_calls_counts_each_record_once_across_tenants_and_hours()
    {
        var records = Enumerable.Range(0, RedisUsageStore.RecordsPerScript * 2 + 44)
            .Select(i => Record(Hour.AddMinutes(i % 90), tenant: i % 3 == 0 ? "other" : "acme") with { ComputeMicroseconds = 1_000 + i, LatencyMicroseconds = 2_000 + i })
            .ToArray();
        var replayed = records[100..200].Concat(records[250..]).ToArray();

        await _store.AppendAsync([.. records, .. records[..10]], CancellationToken.None);
        await _store.AppendAsync(replayed, CancellationToken.None);
        var cells = await _store.CellsAsync(null, Hour, Hour.AddHours(2), CancellationToken.None);

        foreach (var tenant in new[] { "acme", "other" })
        {
            foreach (var hour in new[] { Hour, Hour.AddHours(1) })
            {
                var expected = records.Where(r => r.TenantId == tenant && UsageBuckets.Start(r.StartedAt, UsageBucket.Hour) == hour).ToArray();
                var cell = Assert.Single(cells, c => c.TenantId == tenant && c.Hour == hour);
                Assert.Equal(
                    (expected.Length, expected.Sum(r => r.ComputeMicroseconds), expected.Sum(r => r.LatencyMicroseconds), (long)expected.Length),
                    (cell.Requests, cell.ComputeMicroseconds, cell.LatencyMicroseconds, cell.LatencyCounts.Sum()));
            }
        }
    }

    [Fact]
    public async Task Latency_histograms_from_two_silos_merge_by_adding_counts_and_an_hour_stored_before_them_still_reads()
    {
        long[] siloA = [900, 1_200, 4_000], siloB = [1_100, 70_000];
        var records = siloA.Select(l => Record(Hour.AddMinutes(10)) with { Silo = "silo-a", LatencyMicroseconds = l, QueueMicroseconds = l / 10 })
            .Concat(siloB.Select(l => Record(Hour.AddMinutes(20)) with { Silo = "silo-b", LatencyMicroseconds = l, QueueMicroseconds = l / 10 }))
            .ToArray();
        await using (var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6379"))
        {
            // An hour hash as the ledger wrote it before it kept latency: only r, i, o and c.
            var old = new RedisUsageKeys(_prefix);
            var before = Hour.AddHours(-1);
            await redis.GetDatabase().HashSetAsync(old.Hour("acme", RedisUsageKeys.HourName(before)), [new("iris|2|k1|OK|r", 3), new("iris|2|k1|OK|c", 4500)]);
            await redis.GetDatabase().SortedSetAddAsync(old.Hours("acme"), RedisUsageKeys.HourName(before), RedisUsageKeys.HourScore(before));
        }

        await _store.AppendAsync(records[..2], CancellationToken.None);
        await _store.AppendAsync(records[2..], CancellationToken.None);
        var cells = await _store.CellsAsync("acme", Hour.AddHours(-1), Hour.AddHours(1), CancellationToken.None);

        var now = Assert.Single(cells, c => c.Hour == Hour);
        var earlier = Assert.Single(cells, c => c.Hour == Hour.AddHours(-1));
        Assert.Equal(LatencyHistogram.Add(LatencyHistogram.Add(LatencyHistogram.Add(LatencyHistogram.Of(900), LatencyHistogram.Of(1_200)), LatencyHistogram.Add(LatencyHistogram.Of(4_000), LatencyHistogram.Of(1_100))), LatencyHistogram.Of(70_000)), now.LatencyCounts);
        Assert.Equal((5, 77_200, 7_720, 20), (now.Requests, now.LatencyMicroseconds, now.QueueMicroseconds, now.BatchRows));
        Assert.Equal((3, 4500, 0, 0), (earlier.Requests, earlier.ComputeMicroseconds, earlier.LatencyCounts.Length, earlier.LatencyMicroseconds));
        var report = (await _store.QueryAsync(new UsageQuery("acme", Hour.AddHours(-1), Hour.AddHours(1), UsageBucket.Day, [], 0, null), CancellationToken.None)).Rows;
        Assert.Equal(8, Assert.Single(report).Requests);
    }

    public async Task DisposeAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6379");
        var server = redis.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: _prefix + "*"))
        {
            await redis.GetDatabase().KeyDeleteAsync(key);
        }

        await _store.DisposeAsync();
    }
}
