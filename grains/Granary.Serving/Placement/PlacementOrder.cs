using Granary.Devices;
using Granary.Replicas;

namespace Granary.Placement;

/// <summary>
/// Which devices a new replica may go to and in what order they are tried, from what silos publish and
/// what the device grains report; the director does the calls and the reservations.
/// <list type="number">
/// <item>Candidates: silos whose labels carry the model's required labels, and their devices of the model's class.</item>
/// <item>Spread first: silos hosting fewer replicas of the same model version come first, so one dead silo takes few of them.</item>
/// <item>GPUs then best fit: the device left with the least free memory after the reservation. GPU memory is the
/// scarce resource; packing keeps whole devices free for large models and lets idle devices be released, where
/// least-loaded would spread every model thin and fragment memory until a large model fits nowhere.</item>
/// <item>CPUs then least loaded: fewest replicas, most free memory. CPU replicas compete for cores, not memory,
/// so packing them onto one silo would leave the others' cores idle.</item>
/// </list>
/// </summary>
public static class PlacementOrder
{
    /// <summary>The devices of the requirement's class on silos (by parsable address, with their metadata) that carry its labels.</summary>
    public static IEnumerable<DeviceKey> Candidates(PlacementRequirement requirement, IEnumerable<(string Silo, IReadOnlyDictionary<string, string> Metadata)> silos) =>
        silos
            .Where(c => requirement.AcceptsLabels(SiloLabels.Labels(c.Metadata)))
            .SelectMany(c => DeviceMetadata.Read(c.Metadata).Where(requirement.Accepts).Select(d => new DeviceKey(c.Silo, d.Index)));

    /// <summary>The candidate devices with room for <paramref name="replica"/>, in the order to try them.</summary>
    public static IEnumerable<DeviceState> Order(ReplicaKey replica, PlacementRequirement requirement, IReadOnlyList<DeviceState> candidates)
    {
        var siblingPrefix = $"{replica.Model}/{replica.Version}/";
        var siblingsBySilo = candidates.GroupBy(s => s.Silo)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Reservations.Count(r => r.ReplicaId.StartsWith(siblingPrefix, StringComparison.Ordinal))));
        var fitting = candidates.Where(s => s.FreeBytes >= requirement.MemoryBytes).OrderBy(s => siblingsBySilo[s.Silo]);
        return requirement.Kind == DeviceKind.Gpu
            ? fitting.ThenBy(s => s.FreeBytes - requirement.MemoryBytes).ThenBy(s => s.Key, StringComparer.Ordinal)
            : fitting.ThenBy(s => s.Reservations.Count).ThenByDescending(s => s.FreeBytes).ThenBy(s => s.Key, StringComparer.Ordinal);
    }
}
