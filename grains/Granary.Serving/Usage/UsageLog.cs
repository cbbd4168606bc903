using System.Buffers;
using System.Collections.Concurrent;

namespace Granary.Usage;

/// <summary>
/// A silo's append-only usage log, with group commit by combining: a record is queued, and whichever caller finds
/// the writer free writes everything queued with one write to the OS (no fsync), then completes them all. An
/// uncontended record is written on its caller's thread and answers at once, with no hand-off to another thread;
/// under contention the records queued behind a write go out together in the next one. A record is in the OS's
/// page cache before its answer goes out, so killing the process loses nothing; losing the machine loses what the
/// shipper had not moved. Writing never runs on the Orleans scheduler: records come from the front door, on the
/// threads of the protocol servers. Each start opens a new segment, so a torn tail stays at the end of an old one.
/// </summary>
public sealed class UsageLog : IAsyncDisposable, IDisposable
{
    private const int MaxRecordsPerWrite = 4096;

    private readonly ConcurrentQueue<PendingRecord> _queue = new();
    private readonly Lock _writer = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly List<PendingRecord> _batch = [];
    private readonly long _segmentBytes;
    private readonly FileStream _lock;
    private FileStream _segment;
    private UsageLogPosition _committed = new(0, 0);
    private bool _closed;

    public UsageLog(string directory, string silo, long segmentBytes)
    {
        Directory = directory;
        Silo = silo;
        _segmentBytes = segmentBytes;
        System.IO.Directory.CreateDirectory(directory);
        _lock = UsageLogLock.Take(directory);
        _segment = Open(UsageLogFiles.NextSegment(directory));
    }

    public string Directory { get; }

    public string Silo { get; }

    /// <summary>The end of what has been written: the shipper reads no further, so it never sees half a write.</summary>
    public UsageLogPosition Committed => Volatile.Read(ref _committed);

    public ValueTask RecordAsync(UsageRecord record)
    {
        var pending = new PendingRecord(record);
        _queue.Enqueue(pending);
        WriteQueued();
        var written = pending.Written.Task;
        return written.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(written);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes what is still queued, then refuses new records and closes the segment.</summary>
    public void Dispose()
    {
        lock (_writer)
        {
            if (_closed)
            {
                return;
            }

            WriteBatches();
            _closed = true;
            FailQueued();
            _segment.Dispose();
            _lock.Dispose();
        }
    }

    /// <summary>
    /// Writes the queue unless another caller is writing now; that caller then sees, once it lets go, what was queued
    /// meanwhile and writes it too, so no record is left behind without a writer.
    /// </summary>
    private void WriteQueued()
    {
        while (!_queue.IsEmpty && _writer.TryEnter())
        {
            try
            {
                if (_closed)
                {
                    FailQueued();
                    return;
                }

                WriteBatches();
            }
            finally
            {
                _writer.Exit();
            }
        }
    }

    private void WriteBatches()
    {
        while (!_queue.IsEmpty)
        {
            while (_batch.Count < MaxRecordsPerWrite && _queue.TryDequeue(out var pending))
            {
                _batch.Add(pending);
                UsageRecordJson.WriteLine(_buffer, pending.Record);
            }

            Commit(_buffer.WrittenSpan, _batch);
            _buffer.ResetWrittenCount();
            _batch.Clear();
        }
    }

    private void FailQueued()
    {
        while (_queue.TryDequeue(out var pending))
        {
            pending.Written.TrySetException(new ObjectDisposedException(nameof(UsageLog), "the usage log is closed; the silo is stopping"));
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
