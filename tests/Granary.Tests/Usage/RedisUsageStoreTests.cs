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
