using System.Globalization;

namespace Granary.Usage;

/// <summary>A place in the log: a segment's number and a byte offset in it.</summary>
public sealed record UsageLogPosition(long Segment, long Offset);

/// <summary>
/// The files of one silo's usage log directory: numbered segments (<c>00000000000000000001.jsonl</c>), and
/// <c>shipped</c>, the position up to which the store has every record, replaced atomically (write, then rename).
/// </summary>
public static class UsageLogFiles
{
    private const string SegmentExtension = ".jsonl";
    private const string ShippedFile = "shipped";

    public static string SegmentPath(string directory, long segment) =>
        Path.Combine(directory, segment.ToString("D20", CultureInfo.InvariantCulture) + SegmentExtension);

    /// <summary>The segment numbers present, oldest first.</summary>
    public static IReadOnlyList<long> Segments(string directory)
    {
        var segments = new List<long>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + SegmentExtension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                segments.Add(number);
            }
        }

        segments.Sort();
        return segments;
    }

    public static UsageLogPosition ReadShipped(string directory)
    {
        var path = Path.Combine(directory, ShippedFile);
        if (!File.Exists(path))
        {
            return new UsageLogPosition(0, 0);
        }

        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? new UsageLogPosition(segment, offset)
            : throw new InvalidDataException($"{path} should hold '<segment> <offset>' (got '{File.ReadAllText(path)}'); delete it to ship the whole log again, which the store counts once");
    }

    public static void WriteShipped(string directory, UsageLogPosition position)
    {
        var path = Path.Combine(directory, ShippedFile);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{position.Segment} {position.Offset}"));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The number for a segment opened now: after every segment present and the shipped position, so numbers never go back.</summary>
    public static long NextSegment(string directory)
    {
        var segments = Segments(directory);
        return Math.Max(segments.Count == 0 ? 0 : segments[^1], ReadShipped(directory).Segment) + 1;
    }
}
