using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Granary.Usage;

/// <summary>
/// The embedded mode's ledger: one silo, one JSON file of hourly cells and the ids it has counted, replaced
/// atomically (write a temporary file, then rename) after every append. A record counts once by its id; an OK
/// record counts once per tenant and idempotency key within the dedup window. Both memories are bounded by
/// count as well as time, since the file is rewritten on each ship: the record ids need only outlive a replay
/// of the log after a crash, which re-sends the batch that was stored but not yet marked shipped.
/// </summary>
public sealed class LocalUsageStore(string path, IOptions<UsageOptions> options, TimeProvider time) : IUsageStore
{
    /// <summary>
    /// Record ids are remembered for this many ship batches. A replay re-sends at most the one batch that was stored but
    /// not marked shipped, of this silo's log and of an orphaned log shipped beside it: three leave one to spare. The
    /// ids are rewritten with every append, so each batch kept costs the file that much on every ship.
    /// </summary>
    private const int RecordIdsKept = 3;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<CellKey, HourlyUsage>? _cells;
    private LocalUsageState _state = new();
    private readonly ArrayBufferWriter<byte> _serialized = new(64 * 1024);

    public async Task AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var cells = Load();
            var now = time.GetUtcNow();
            var settings = options.Value;
            var counting = new Dictionary<CellKey, List<UsageRecord>>();
            foreach (var record in records)
            {
                if (!_state.RecordIds.TryAdd(record.RecordId, now + settings.RecordIdRetention))
                {
                    continue;
                }

                if (record.IsBilled && record.IdempotencyKey is { } key && !Remember(_state.IdempotencyKeys, $"{record.TenantId}\n{key}", now, settings.DedupWindow))
                {
                    continue;
                }

                var cellOf = CellKey.Of(record);
                if (!counting.TryGetValue(cellOf, out var alike))
                {
                    counting[cellOf] = alike = [];
                }

                alike.Add(record);
            }

            // One sum per cell the batch touches, not one per record: a batch is mostly a few tenants' calls to a few models.
            foreach (var alike in counting.Values)
            {
                var cell = HourlyUsage.Of(alike);
                var at = CellKey.Of(cell);
                cells[at] = cells.TryGetValue(at, out var counted) ? counted.Plus(cell) : cell;
            }

            Forget(_state.RecordIds, now, RecordIdsKept * settings.ShipBatchSize);
            Forget(_state.IdempotencyKeys, now, settings.LocalMaxIdempotencyKeys);
            _state.Hours = [.. cells.Values];
            await SaveAsync(cancellationToken);
        }
        catch
        {
            // What was counted in memory but not saved must count again when the shipper retries the batch.
            _cells = null;
            _state = new LocalUsageState();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<UsagePage> QueryAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return UsageReport.Page(Load().Values, query);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<HourlyUsage>> CellsAsync(string? tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Load().Values.Where(c => (tenantId is null || c.TenantId == tenantId) && UsageBuckets.Covers(c.Hour, from, to)).ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds the key unless it is there and not yet expired; answers whether it was new.</summary>
    private static bool Remember(Dictionary<string, DateTimeOffset> seen, string key, DateTimeOffset now, TimeSpan window)
    {
        if (seen.TryGetValue(key, out var expires) && expires > now)
        {
            return false;
        }

        seen[key] = now + window;
        return true;
    }

    /// <summary>Drops what has expired and then, past the bound, what expires first.</summary>
    private static void Forget(Dictionary<string, DateTimeOffset> seen, DateTimeOffset now, int bound)
    {
        foreach (var (key, expires) in seen)
        {
            if (expires <= now)
            {
                seen.Remove(key);
            }
        }

        if (seen.Count <= bound)
        {
            return;
        }

        // The expiry the bound-th latest entry has: everything earlier goes, then as many as needed of those that expire with it.
        var expiries = ArrayPool<long>.Shared.Rent(seen.Count);
        var count = 0;
        foreach (var (_, expires) in seen)
        {
            expiries[count++] = expires.UtcTicks;
        }

        expiries.AsSpan(0, count).Sort();
        var cutoff = expiries[count - bound];
        ArrayPool<long>.Shared.Return(expiries);
        var excess = seen.Count - bound;
        foreach (var (key, expires) in seen)
        {
            if (expires.UtcTicks < cutoff)
            {
                seen.Remove(key);
                excess--;
            }
        }

        foreach (var (key, expires) in seen)
        {
            if (excess > 0 && expires.UtcTicks == cutoff)
            {
                seen.Remove(key);
                excess--;
            }
        }
    }

    private Dictionary<CellKey, HourlyUsage> Load()
    {
        if (_cells is not null)
        {
            return _cells;
        }

        if (File.Exists(path))
        {
            using var file = File.OpenRead(path);
            _state = JsonSerializer.Deserialize(file, LocalUsageStateJsonContext.Default.LocalUsageState) ?? new LocalUsageState();
        }

        _cells = _state.Hours.ToDictionary(CellKey.Of);
        return _cells;
    }

    /// <summary>
    /// Writes the state whole to a temporary file, then renames it over the ledger. It is serialized into a buffer kept for
    /// the store's life and written with one call: the file is rewritten on every ship, several times a second under load.
    /// </summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _serialized.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_serialized))
        {
            JsonSerializer.Serialize(writer, _state, LocalUsageStateJsonContext.Default.LocalUsageState);
        }

        // A name of its own, so two in-process silos on one state path (test clusters) never interleave writes.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: false))
        {
            await file.WriteAsync(_serialized.WrittenMemory, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private readonly record struct CellKey(string TenantId, DateTimeOffset Hour, string Model, string Version, string KeyId, string Status)
    {
        public static CellKey Of(HourlyUsage cell) => new(cell.TenantId, cell.Hour, cell.Model, cell.Version, cell.KeyId, cell.Status);

        /// <summary>The cell a record falls in: the UTC hour it started in and its dimensions.</summary>
        public static CellKey Of(UsageRecord record) => new(
            record.TenantId,
            UsageBuckets.Start(record.StartedAt, UsageBucket.Hour),
            record.Model,
            record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            record.KeyId,
            record.Status);
    }
}
