using System.Collections.Concurrent;
using System.Globalization;

namespace Granary.Telemetry;

/// <summary>A version number as a label, formatted once per version, so recording allocates nothing.</summary>
internal static class VersionLabels
{
    private static readonly ConcurrentDictionary<long, string> Labels = new();

    public static string Of(long version) =>
        Labels.TryGetValue(version, out var label) ? label : Labels.GetOrAdd(version, static v => v.ToString(CultureInfo.InvariantCulture));
}
