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
public sealed partial class UsageShipper(
    UsageLog log, IUsageStore store, IOptions<UsageOptions> options, TimeProvider time, ILogger<UsageShipper> logger) : BackgroundService
{
    /// <summary>An orphan's limit: every segment of a log no process writes is closed.</summary>
    private static readonly UsageLogPosition Closed = new(long.MaxValue, 0);

    private readonly UsageLogCursor _cursor = new(log.Directory, () => log.Committed);
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await ShipAsync(stoppingToken);
        await Periodically.RunAsync(options.Value.ShipInterval, () => ShipAsync(stoppingToken), stoppingToken);
    }

    /// <summary>
    /// Ships everything committed so far, this silo's log first, then orphaned ones. Any failure (the store
    /// down, a log it cannot read) ends the round and is logged once until a round succeeds again: the silo
    /// goes on serving, and the next round starts from the last shipped position.
    /// </summary>
    public async Task ShipAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ShipAllAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
            {
                _failing = true;
                LogShippingFailed(e, log.Directory);
            }

            return;
        }

        if (_failing)
        {
            _failing = false;
            LogShippingBack(log.Directory);
        }
    }

    private async Task ShipAllAsync(CancellationToken cancellationToken)
    {
        await ShipAsync(_cursor, cancellationToken);
        foreach (var (directory, held) in UsageLogLock.Orphans(Path.GetDirectoryName(log.Directory)!, log.Directory, time.GetUtcNow().UtcDateTime))
        {
            using (held)
            {
                await ShipAsync(new UsageLogCursor(directory, static () => Closed), cancellationToken);
                LogOrphanShipped(directory);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task ShipAsync(UsageLogCursor cursor, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.ShipBatchSize;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = cursor.Read(batchSize);
            if (batch.Records.Count > 0)
            {
                await store.AppendAsync(batch.Records, cancellationToken);
            }

            cursor.Commit(batch.End);
            if (batch.Records.Count < batchSize)
            {
                return;
            }
        }
    }

    [LoggerMessage(LogEvents.UsageShippingFailed, LogLevel.Warning, "Usage records cannot ship now (is the usage store reachable?); they wait in {Directory} and ship when it is. Inference goes on")]
    private partial void LogShippingFailed(Exception error, string directory);

    [LoggerMessage(LogEvents.UsageOrphanShipped, LogLevel.Information, "Shipped and removed the usage log {Directory}, which no running silo owned")]
    private partial void LogOrphanShipped(string directory);

    [LoggerMessage(LogEvents.UsageShippingBack, LogLevel.Information, "Usage records ship again; the records that waited in {Directory} are in the store")]
    private partial void LogShippingBack(string directory);
}
