using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Granary.Logging;

namespace Granary.UnitTests.Logging;

public sealed partial class LogEventsTests
{
    [Fact]
    public void Every_log_event_id_is_used_once()
    {
        var events = typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => (f.Name, Id: (int)f.GetRawConstantValue()!))
            .ToArray();

        Assert.NotEmpty(events);
        var reused = events.GroupBy(e => e.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Name))}")
            .ToArray();
        Assert.True(reused.Length == 0, $"log event ids used more than once: {string.Join("; ", reused)}");
    }

    /// <summary>
    /// <see cref="Microsoft.Extensions.Logging.LoggerMessageAttribute"/> is not kept in the compiled assembly,
    /// so this reads the sources: every event id must name a <see cref="LogEvents"/> constant, never a literal.
    /// </summary>
    [Fact]
    public void Every_logger_message_takes_its_event_id_from_the_table()
    {
        var root = RepositoryRoot();
        var sources = new[] { "grains", "silo", "client", "models" }
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var messages = sources
            .SelectMany(file => LoggerMessage().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetRelativePath(root, file), EventId: m.Groups["id"].Value.Trim())))
            .ToArray();

        Assert.NotEmpty(messages);
        var known = typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => "LogEvents." + f.Name).ToHashSet(StringComparer.Ordinal);
        var strays = messages.Where(m => !known.Contains(m.EventId)).Select(m => $"{m.File}: {m.EventId}").ToArray();
        Assert.True(strays.Length == 0, $"[LoggerMessage] ids not taken from LogEvents: {string.Join("; ", strays)}");
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    [GeneratedRegex(@"\[LoggerMessage\(\s*(?:EventId\s*=\s*)?(?<id>[^,)]+)")]
    private static partial Regex LoggerMessage();
}
