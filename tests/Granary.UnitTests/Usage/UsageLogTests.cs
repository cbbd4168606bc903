using Granary.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Usage;

/// <summary>The local log keeps every record it acknowledged across a restart, and the shipper moves each to the store once.</summary>
public sealed class UsageLogTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 1, 31, 23, 0, 0, TimeSpan.Zero);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "granary-unit", Guid.NewGuid().ToString("N"));

    private string LogDirectory => Path.Combine(_root, "silo-1");

    private UsageLog Open(long segmentBytes = 16 * 1024 * 1024, string silo = "silo-1") => new(Path.Combine(_root, silo), silo, segmentBytes);

    /// <summary>A shipper whose clock is past the orphan grace of every log these tests write (their files carry real times).</summary>
    private static UsageShipper Shipper(UsageLog log, IUsageStore store, int batchSize = 1000) =>
        new(
            log,
            store,
            Options.Create(new UsageOptions { ShipBatchSize = batchSize }),
            new FakeTimeProvider(DateTimeOffset.UtcNow + UsageLogLock.OrphanGrace + TimeSpan.FromSeconds(1)),
            NullLogger<UsageShipper>.Instance);

    private static async Task<UsageRecord[]> AppendConcurrentlyAsync(UsageLog log, int count)
    {
        var records = Enumerable.Range(0, count).Select(_ => UsageRecords.At(At)).ToArray();
        await Task.WhenAll(records.Select(r => log.RecordAsync(r).AsTask()));
        return records;
    }

    [Fact]
    public async Task Concurrent_appends_are_all_replayed_after_the_log_is_opened_again()
    {
        var log = Open();
        var written = await AppendConcurrentlyAsync(log, 500);
        await log.DisposeAsync();

        await using var reopened = Open();
        var store = new RecordingStore();
        await Shipper(reopened, store, batchSize: 64).ShipAsync(CancellationToken.None);

        Assert.Equal(written.Select(r => r.RecordId).Order(), store.Appended.Select(r => r.RecordId).Order());
        Assert.Equal(written.First(r => r.RecordId == store.Appended[0].RecordId), store.Appended[0]);
    }

    [Fact]
    public async Task What_was_shipped_is_not_shipped_again_after_a_restart_and_its_segments_are_deleted()
    {
        var log = Open(segmentBytes: 64 * 1024);
        await AppendConcurrentlyAsync(log, 600);
        var store = new RecordingStore();
        await Shipper(log, store).ShipAsync(CancellationToken.None);
        await log.DisposeAsync();

        await using var reopened = Open();
        var later = await AppendConcurrentlyAsync(reopened, 3);
        await Shipper(reopened, store).ShipAsync(CancellationToken.None);

        Assert.Equal(603, store.Appended.Select(r => r.RecordId).Distinct().Count());
        Assert.Equal(603, store.Appended.Count);
        Assert.Equal(later.Select(r => r.RecordId).Order(), store.Appended.TakeLast(3).Select(r => r.RecordId).Order());
        Assert.Single(UsageLogFiles.Segments(LogDirectory));
    }

    [Fact]
    public async Task A_torn_last_line_of_a_dead_process_is_skipped_and_the_rest_ships()
    {
        var log = Open();
        await AppendConcurrentlyAsync(log, 10);
        await log.DisposeAsync();
        await File.AppendAllTextAsync(UsageLogFiles.SegmentPath(LogDirectory, UsageLogFiles.Segments(LogDirectory)[^1]), "{\"record_id\":\"torn");

        await using var reopened = Open();
        var store = new RecordingStore();
        await Shipper(reopened, store).ShipAsync(CancellationToken.None);

        Assert.Equal(10, store.Appended.Count);
    }

    [Fact]
    public async Task While_the_store_is_down_records_wait_in_the_log_and_ship_once_when_it_returns()
    {
        await using var log = Open();
        var store = new RecordingStore { Down = true };
        var shipper = Shipper(log, store);
        await AppendConcurrentlyAsync(log, 20);

        await shipper.ShipAsync(CancellationToken.None);
        await AppendConcurrentlyAsync(log, 5);
        store.Down = false;
        await shipper.ShipAsync(CancellationToken.None);
        await shipper.ShipAsync(CancellationToken.None);

        Assert.Equal(25, store.Appended.Count);
    }

    [Fact]
    public async Task The_log_of_a_silo_that_never_came_back_is_shipped_by_another_on_the_same_state_path_and_removed()
    {
        var gone = Open(silo: "silo-gone");
        var left = await AppendConcurrentlyAsync(gone, 7);
        await gone.DisposeAsync();

        await using var log = Open();
        var store = new RecordingStore();
        await Shipper(log, store).ShipAsync(CancellationToken.None);

        Assert.Equal(left.Select(r => r.RecordId).Order(), store.Appended.Select(r => r.RecordId).Order());
        Assert.False(Directory.Exists(Path.Combine(_root, "silo-gone")));
    }

    [Fact]
    public async Task A_live_silos_log_is_never_shipped_by_another()
    {
        await using var live = Open(silo: "silo-live");
        await AppendConcurrentlyAsync(live, 3);

        await using var log = Open();
        var store = new RecordingStore();
        await Shipper(log, store).ShipAsync(CancellationToken.None);

        Assert.Empty(store.Appended);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
