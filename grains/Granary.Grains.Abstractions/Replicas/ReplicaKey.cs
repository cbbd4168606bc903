using System.Globalization;

namespace Granary.Replicas;

/// <summary>The key of a replica grain: <c>model/version/index</c>.</summary>
public readonly record struct ReplicaKey(string Model, long Version, int Index)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Model}/{Version}/{Index}");

    public static ReplicaKey Parse(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            throw new FormatException($"'{key}' is not a replica key of the form model/version/index.");
        }

        return new ReplicaKey(parts[0], version, index);
    }
}
