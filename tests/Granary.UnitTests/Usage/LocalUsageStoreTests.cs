using Granary.Usage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Usage;

/// <summary>The embedded store counts a record once by id, and an OK call once per tenant and idempotency key in the window.</summary>
public sealed class LocalUsageStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 31, 23, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "granary-unit", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Start);

    private LocalUsageStore Store() => new(Path.Combine(_directory, "ledger.json"), Options.Create(new UsageOptions()), _time);

    private static async Task<long> BilledAsync(IUsageStore store, string tenant = "acme")
    {
        var page = await store.QueryAsync(UsageRecords.Query(Start.AddDays(-1), Start.AddDays(3), UsageBucket.Month, tenant, UsageDimension.Status), CancellationToken.None);
        return page.Rows.Where(r => r.Status == UsageStatus.Ok).Sum(r => r.Requests);
    }

    [Fact]
    public async Task A_record_shipped_twice_counts_once_even_after_the_store_is_opened_again()
    {
        var record = UsageRecords.At(Start);
        await Store().AppendAsync([record, record], CancellationToken.None);

        var reopened = Store();
        await reopened.AppendAsync([record], CancellationToken.None);

        Assert.Equal(1, await BilledAsync(reopened));
    }

    [Fact]
    public async Task Two_ok_calls_with_one_idempotency_key_count_once_within_the_window_and_twice_after_it()
    {
        var store = Store();
        await store.AppendAsync([UsageRecords.At(Start, idempotencyKey: "k"), UsageRecords.At(Start, idempotencyKey: "k")], CancellationToken.None);
        Assert.Equal(1, await BilledAsync(store));

        _time.Advance(TimeSpan.FromHours(25));
        await store.AppendAsync([UsageRecords.At(Start, idempotencyKey: "k")], CancellationToken.None);

        Assert.Equal(2, await BilledAsync(store));
    }

    [Fact]
    public async Task A_failed_attempt_does_not_use_up_the_key_so_the_retry_that_succeeds_is_billed()
    {
        var store = Store();

        await store.AppendAsync([UsageRecords.At(Start, status: UsageStatus.QueueFull, idempotencyKey: "k"), UsageRecords.At(Start, idempotencyKey: "k")], CancellationToken.None);

        Assert.Equal(1, await BilledAsync(store));
    }

    [Fact]
    public async Task One_idempotency_key_of_two_tenants_counts_for_each()
    {
        var store = Store();

        await store.AppendAsync([UsageRecords.At(Start, idempotencyKey: "k"), UsageRecords.At(Start, tenant: "other", idempotencyKey: "k")], CancellationToken.None);

        Assert.Equal((1L, 1L), (await BilledAsync(store), await BilledAsync(store, "other")));
    }

    /// <summary>Clients reuse the protocol's request id freely; only the server's record id and the idempotency key deduplicate.</summary>
    [Fact]
    public async Task Calls_without_an_idempotency_key_each_count_whatever_request_id_they_sent()
    {
        var store = Store();

        await store.AppendAsync([UsageRecords.At(Start), UsageRecords.At(Start), UsageRecords.At(Start)], CancellationToken.None);

        Assert.Equal(3, await BilledAsync(store));
    }

    [Fact]
    public async Task A_ledger_written_before_latency_histograms_still_reads_and_new_calls_add_to_it()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllTextAsync(Path.Combine(_directory, "ledger.json"), $$$"""
            {"hours":[{"tenant_id":"acme","hour":"{{{Start:O}}}","model":"iris","version":"1","key_id":"k1","status":"OK","requests":7,"units_in":28,"units_out":21,"compute_microseconds":14000}],
             "record_ids":{},"idempotency_keys":{}}
            """);
        var store = Store();

        await store.AppendAsync([UsageRecords.At(Start) with { LatencyMicroseconds = 1_200, QueueMicroseconds = 300, BatchSize = 2 }], CancellationToken.None);
        var cell = Assert.Single(await store.CellsAsync("acme", Start, Start.AddHours(1), CancellationToken.None));

        Assert.Equal(8, await BilledAsync(store));
        Assert.Equal((8, 1_200, 300, 2), (cell.Requests, cell.LatencyMicroseconds, cell.QueueMicroseconds, cell.BatchRows));
        Assert.Equal(1, cell.LatencyCounts[LatencyHistogram.BucketOf(1_200)]);
        Assert.Equal(1, cell.LatencyCounts.Sum());
    }

    [Fact]
    public async Task A_batch_sums_into_one_cell_per_tenant_hour_and_status_with_every_counter()
    {
        var store = Store();
        var timed = UsageRecords.At(Start) with { LatencyMicroseconds = 800, QueueMicroseconds = 100, BatchSize = 4 };
        await store.AppendAsync(
            [
                timed,
                UsageRecords.At(Start.AddMinutes(10)) with { LatencyMicroseconds = 5_000, QueueMicroseconds = 200, BatchSize = 8 },
                UsageRecords.At(Start.AddMinutes(20), unitsIn: 10),
                UsageRecords.At(Start.AddHours(1)),
                UsageRecords.At(Start, status: UsageStatus.QueueFull),
                UsageRecords.At(Start, tenant: "globex"),
            ],
            CancellationToken.None);

        var acme = await store.CellsAsync("acme", Start, Start.AddHours(2), CancellationToken.None);
        var first = Assert.Single(acme, c => c.Hour == Start && c.Status == UsageStatus.Ok);
        Assert.Equal((3, 18, 9, 5_800, 310, 13), (first.Requests, first.UnitsIn, first.UnitsOut, first.LatencyMicroseconds, first.QueueMicroseconds, first.BatchRows));
        Assert.Equal(1, first.LatencyCounts[LatencyHistogram.BucketOf(800)]);
        Assert.Equal(1, first.LatencyCounts[LatencyHistogram.BucketOf(5_000)]);
        Assert.Equal(2, first.LatencyCounts.Sum());
        Assert.Equal(1, Assert.Single(acme, c => c.Hour == Start.AddHours(1)).Requests);
        Assert.Equal(1, Assert.Single(acme, c => c.Status == UsageStatus.QueueFull).Requests);
        Assert.Equal(1, Assert.Single(await store.CellsAsync("globex", Start, Start.AddHours(2), CancellationToken.None)).Requests);
    }

    [Fact]
    public async Task Record_ids_of_the_last_three_ship_batches_are_remembered_and_older_ones_forgotten()
    {
        var store = new LocalUsageStore(Path.Combine(_directory, "ledger.json"), Options.Create(new UsageOptions { ShipBatchSize = 2 }), _time);
        var batches = Enumerable.Range(0, 4).Select(_ => new[] { UsageRecords.At(Start), UsageRecords.At(Start) }).ToArray();
        foreach (var batch in batches)
        {
            await store.AppendAsync(batch, CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await store.AppendAsync(batches[3], CancellationToken.None);
        await store.AppendAsync(batches[1], CancellationToken.None);
        Assert.Equal(8, await BilledAsync(store));

        await store.AppendAsync(batches[0], CancellationToken.None);
        Assert.Equal(10, await BilledAsync(store));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
