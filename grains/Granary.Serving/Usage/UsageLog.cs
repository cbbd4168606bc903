using System.Buffers;
using System.Threading.Channels;

namespace Granary.Usage;

/// <summary>
/// A silo's append-only usage log, with group commit: concurrent <see cref="RecordAsync"/> calls queue their
/// records, and one writer loop writes everything queued with one write to the OS (no fsync), then completes
/// them all. A record is in the OS's page cache before its answer goes out, so killing the process loses
/// nothing; losing the machine loses what the shipper had not moved. The loop runs on the thread pool, never
/// on the Orleans scheduler. Each start opens a new segment, so a torn tail stays at the end of an old one.
/// </summary>
public sealed class UsageLog : IAsyncDisposable, IDisposable
{
    private const int MaxRecordsPerWrite = 4096;

    private readonly Channel<PendingRecord> _queue = Channel.CreateUnbounded<PendingRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly long _segmentBytes;
    private readonly Task _writer;
    private readonly FileStream _lock;
    private FileStream _segment;
    private UsageLogPosition _committed = new(0, 0);

    public UsageLog(string directory, string silo, long segmentBytes)
    {
        Directory = directory;
        Silo = silo;
        _segmentBytes = segmentBytes;
        System.IO.Directory.CreateDirectory(directory);
        _lock = UsageLogLock.Take(directory);
        _segment = Open(UsageLogFiles.NextSegment(directory));
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Directory { get; }

    public string Silo { get; }

    /// <summary>The end of what has been written: the shipper reads no further, so it never sees half a write.</summary>
    public UsageLogPosition Committed => Volatile.Read(ref _committed);

    public ValueTask RecordAsync(UsageRecord record)
    {
        var pending = new PendingRecord(record);
        return _queue.Writer.TryWrite(pending)
            ? new ValueTask(pending.Written.Task)
            : ValueTask.FromException(new ObjectDisposedException(nameof(UsageLog), "the usage log is closed; the silo is stopping"));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
        await _segment.DisposeAsync();
        await _lock.DisposeAsync();
    }

    /// <summary>For hosts that dispose their services synchronously: waits for the queued records to be written.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var batch = new List<PendingRecord>();
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxRecordsPerWrite && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                UsageRecordJson.WriteLine(buffer, pending.Record);
            }

            Commit(buffer.WrittenSpan, batch);
            buffer.ResetWrittenCount();
            batch.Clear();
        }
    }

    private void Commit(ReadOnlySpan<byte> bytes, List<PendingRecord> batch)
    {
        try
        {
            _segment.Write(bytes);
            _segment.Flush();
        }
        catch (Exception e)
        {
            // Cut the failed write off, so no record its caller saw fail is shipped; if even that fails, the
            // next write goes to a fresh segment and replay drops the torn tail of this one.
            Recover();
            foreach (var pending in batch)
            {
                pending.Written.TrySetException(e);
            }

            return;
        }

        Volatile.Write(ref _committed, new UsageLogPosition(_committed.Segment, _segment.Position));
        foreach (var pending in batch)
        {
            pending.Written.TrySetResult();
        }

        if (_segment.Position >= _segmentBytes)
        {
            TryRoll();
        }
    }

    private void Recover()
    {
        try
        {
            _segment.SetLength(_committed.Offset);
            _segment.Position = _committed.Offset;
        }
        catch (IOException)
        {
            TryRoll();
        }
    }

    /// <summary>Starts the next segment; when even that fails (the disk is gone), writing goes on trying the current one.</summary>
    private void TryRoll()
    {
        try
        {
            Roll();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void Roll()
    {
        var next = _committed.Segment + 1;
        var opened = Open(next);
        _segment.Dispose();
        _segment = opened;
    }

    private FileStream Open(long segment)
    {
        // bufferSize 0: every Write goes straight to the OS, which is all a SIGKILL needs.
        var stream = new FileStream(UsageLogFiles.SegmentPath(Directory, segment), FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        Volatile.Write(ref _committed, new UsageLogPosition(segment, 0));
        return stream;
    }

    private sealed class PendingRecord(UsageRecord record)
    {
        public UsageRecord Record { get; } = record;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
