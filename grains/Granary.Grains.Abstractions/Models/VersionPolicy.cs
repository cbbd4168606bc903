using System.Globalization;

namespace Granary.Models;

/// <summary>
/// Which versions of a model are loaded, as in Triton's version policy: all of them, the newest
/// <see cref="Latest"/> by number, or the <see cref="Specific"/> ones named. The others are unloaded.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.VersionPolicy")]
public sealed record VersionPolicy([property: Id(0)] int Latest, [property: Id(1)] IReadOnlyList<long> Specific)
{
    public static VersionPolicy All { get; } = new(0, []);

    public static VersionPolicy LatestOf(int count) => new(count, []);

    public static VersionPolicy Only(IEnumerable<long> versions) => new(0, versions.Distinct().Order().ToArray());

    /// <summary>Whether <paramref name="version"/> is loaded under this policy, among the model's <paramref name="versions"/>.</summary>
    public bool Selects(long version, IEnumerable<long> versions) =>
        Latest > 0 ? versions.OrderDescending().Take(Latest).Contains(version)
        : Specific.Count > 0 ? Specific.Contains(version)
        : true;

    /// <summary>The policy as the CLI and <c>model.json</c> write it: <c>all</c>, <c>latest:N</c> or <c>specific:1,3</c>.</summary>
    public override string ToString() =>
        Latest > 0 ? $"latest:{Latest.ToString(CultureInfo.InvariantCulture)}"
        : Specific.Count > 0 ? $"specific:{string.Join(',', Specific.Select(v => v.ToString(CultureInfo.InvariantCulture)))}"
        : "all";
}
