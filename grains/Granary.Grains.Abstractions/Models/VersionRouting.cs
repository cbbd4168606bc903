namespace Granary.Models;

/// <summary>
/// How unpinned requests pick a version: by the traffic split when one is set, else the newest ready version;
/// and whether an admin unloaded the whole model (no version serves until it is loaded again).
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.VersionRouting")]
public sealed record VersionRouting([property: Id(0)] IReadOnlyList<TrafficShare> Traffic, [property: Id(1)] bool Unloaded)
{
    public static VersionRouting Default { get; } = new([], false);
}
