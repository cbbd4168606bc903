using System.Globalization;

namespace Granary.Replicas;

/// <summary>
/// The key of a replica grain: <c>model/version/index</c>, or <c>model/version/region/index</c> for a replica
/// that must run in a region (its placement requires the silo label <c>region</c>, so it never runs elsewhere).
/// A private library model's name has a '/' (<c>tenant/name</c>); in the key it is written ':', which no model name has.
/// </summary>
public readonly record struct ReplicaKey(string Model, long Version, int Index, string Region = "")
{
    /// <summary>The silo label a regional replica's placement requires.</summary>
    public const string RegionLabel = "region";

    public override string ToString() => Region.Length == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Escaped}/{Version}/{Index}")
        : string.Create(CultureInfo.InvariantCulture, $"{Escaped}/{Version}/{Region}/{Index}");

    private string Escaped => Model.Replace('/', ':');

    public static ReplicaKey Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length is not (3 or 4)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || (parts.Length == 4 && parts[2].Length == 0))
        {
            throw new FormatException($"'{key}' is not a replica key of the form model/version/index or model/version/region/index.");
        }

        return new ReplicaKey(parts[0].Replace(':', '/'), version, index, parts.Length == 4 ? parts[2] : "");
    }

    /// <summary>The region a replica id is pinned to; empty for a replica that may run anywhere.</summary>
    public static string RegionOf(string replicaId) => Parse(replicaId).Region;
}
