using Granary.Hosting;
using Granary.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Usage;

/// <summary>
/// Moves this silo's usage log to the store: every ship interval, batches from the shipped position on, each
/// appended (idempotently) and then remembered as shipped. On start it first ships what an earlier run left.
/// A store that fails leaves the log to grow; no inference waits on the store, and the outage is logged once.
/// Logs beside this silo's that no live silo owns (a silo that never came back, or one whose generated name
/// changed at restart) are shipped too, then deleted.
/// </summary>
public sealed partial class UsageShipper(UsageLog log, IUsageStore store, IOptions<UsageOptions> options, ILogger<UsageShipper> logger) : BackgroundService
{
    /// <summary>An orphan's limit: every segment of a log no process writes is closed.</summary>
    private static readonly UsageLogPosition Closed = new(long.MaxValue, 0);

    private readonly UsageLogCursor _cursor = new(log.Directory, () => log.Committed);
    private bool _storeDown;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await ShipAsync(stoppingToken);
        await Periodically.RunAsync(options.Value.ShipInterval, () => ShipAsync(stoppingToken), stoppingToken);
    }

    /// <summary>Ships everything committed so far, this silo's log first, then orphaned ones; stops at the first store failure.</summary>
    public async Task ShipAsync(CancellationToken cancellationToken)
    {
        if (!await ShipAsync(_cursor, cancellationToken))
        {
            return;
        }

        foreach (var (directory, held) in UsageLogLock.Orphans(Path.GetDirectoryName(log.Directory)!, log.Directory))
        {
            using (held)
            {
                if (!await ShipAsync(new UsageLogCursor(directory, static () => Closed), cancellationToken))
                {
                    return;
                }

                LogOrphanShipped(directory);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<bool> ShipAsync(UsageLogCursor cursor, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.ShipBatchSize;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = cursor.Read(batchSize);
            if (batch.Records.Count > 0 && !await AppendAsync(batch.Records, cancellationToken))
            {
                return false;
            }

            cursor.Commit(batch.End);
            if (batch.Records.Count < batchSize)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> AppendAsync(IReadOnlyList<UsageRecord> records, CancellationToken cancellationToken)
    {
        try
        {
            await store.AppendAsync(records, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!_storeDown)
            {
                _storeDown = true;
                LogStoreDown(e, log.Directory);
            }

            return false;
        }

        if (_storeDown)
        {
            _storeDown = false;
            LogStoreBack(log.Directory);
        }

        return true;
    }

    [LoggerMessage(LogEvents.UsageStoreDown, LogLevel.Warning, "The usage store is unreachable; usage records wait in {Directory} and ship when it returns. Inference goes on")]
    private partial void LogStoreDown(Exception error, string directory);

    [LoggerMessage(LogEvents.UsageOrphanShipped, LogLevel.Information, "Shipped and removed the usage log {Directory}, which no running silo owned")]
    private partial void LogOrphanShipped(string directory);

    [LoggerMessage(LogEvents.UsageStoreBack, LogLevel.Information, "The usage store is back; shipping the records that waited in {Directory}")]
    private partial void LogStoreBack(string directory);
}
