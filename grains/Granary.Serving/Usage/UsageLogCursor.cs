namespace Granary.Usage;

/// <summary>Records read from the log, and the position just after the last of them.</summary>
public sealed record UsageLogBatch(IReadOnlyList<UsageRecord> Records, UsageLogPosition End);

/// <summary>
/// The shipper's reader of a usage log: from the shipped position up to what the writer has committed (a log
/// of an earlier run: to the end of its segments). <see cref="Commit"/> persists a new shipped position and
/// deletes the segments wholly before it. A closed segment's last line without a newline is a write the
/// process died in, whose callers got no answer; it is skipped.
/// </summary>
public sealed class UsageLogCursor(string directory, Func<UsageLogPosition> committed)
{
    private const int ReadChunkBytes = 1024 * 1024;

    /// <summary>One read buffer for the cursor's life (one shipper reads through it): a chunk allocated per read was a large-object allocation every ship batch.</summary>
    private readonly byte[] _buffer = new byte[ReadChunkBytes];

    public UsageLogPosition Shipped { get; private set; } = UsageLogFiles.ReadShipped(directory);

    public UsageLogBatch Read(int maxRecords)
    {
        var records = new List<UsageRecord>();
        var position = Shipped;
        var limit = committed();
        foreach (var segment in UsageLogFiles.Segments(directory))
        {
            if (segment < position.Segment || segment > limit.Segment)
            {
                continue;
            }

            var offset = segment == position.Segment ? position.Offset : 0;
            var closed = segment < limit.Segment;
            var end = closed ? new FileInfo(UsageLogFiles.SegmentPath(directory, segment)).Length : limit.Offset;
            offset = ReadSegment(segment, offset, end, maxRecords, records);
            if (records.Count >= maxRecords || !closed)
            {
                return new UsageLogBatch(records, new UsageLogPosition(segment, offset));
            }

            // A closed segment read to its end: the next position is the start of the one after it.
            position = new UsageLogPosition(segment + 1, 0);
        }

        return new UsageLogBatch(records, position);
    }

    /// <summary>Everything before <paramref name="end"/> is in the store: remember it, and delete the segments wholly before it.</summary>
    public void Commit(UsageLogPosition end)
    {
        if (end == Shipped)
        {
            return;
        }

        UsageLogFiles.WriteShipped(directory, end);
        Shipped = end;
        foreach (var segment in UsageLogFiles.Segments(directory))
        {
            if (segment < end.Segment)
            {
                File.Delete(UsageLogFiles.SegmentPath(directory, segment));
            }
        }
    }

    /// <summary>Reads whole lines from <paramref name="offset"/> up to <paramref name="end"/>; answers the offset after the last line taken.</summary>
    private long ReadSegment(long segment, long offset, long end, int maxRecords, List<UsageRecord> records)
    {
        using var stream = new FileStream(UsageLogFiles.SegmentPath(directory, segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = _buffer;
        while (offset < end && records.Count < maxRecords)
        {
            stream.Position = offset;
            var length = stream.ReadAtLeast(buffer.AsSpan(0, (int)Math.Min(buffer.Length, end - offset)), 1, throwOnEndOfStream: false);
            var taken = TakeLines(buffer.AsSpan(0, length), maxRecords, records);
            if (taken == 0)
            {
                // No whole line in what is left: in a closed segment that is a torn tail, skipped; a line longer
                // than a chunk cannot be written, since records are a few hundred bytes.
                return end;
            }

            offset += taken;
        }

        return offset;
    }

    private static int TakeLines(ReadOnlySpan<byte> bytes, int maxRecords, List<UsageRecord> records)
    {
        var taken = 0;
        while (records.Count < maxRecords)
        {
            var newline = bytes[taken..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            records.Add(UsageRecordJson.Read(bytes.Slice(taken, newline)));
            taken += newline + 1;
        }

        return taken;
    }
}
