using Granary.Replicas;

namespace Granary.Control;

/// <summary>
/// Whether a version's replicas should be spread further, and which one to drain once a spare has been placed.
/// Replicas of one version belong on different silos, so one lost or hung silo takes few of them; a silo that joins
/// after the replicas were placed, or a re-placement after a loss, can leave siblings together. One replica is moved
/// at a time, make-before-break: a spare is started (placement puts it where the fewest siblings are, within the
/// placement rules), and only once it is ready is a sibling on the most crowded silo drained.
/// </summary>
public static class ReplicaSpread
{
    /// <summary>Whether some candidate silo holds at least two fewer of the replicas than the most crowded silo.</summary>
    public static bool CanImprove(IReadOnlyList<ReplicaStatus> replicas, IReadOnlyCollection<string> candidateSilos)
    {
        if (replicas.Count < 2 || candidateSilos.Count == 0)
        {
            return false;
        }

        var counts = CountBySilo(replicas);
        var most = counts.Values.Max();
        var fewest = candidateSilos.Min(s => counts.GetValueOrDefault(s));
        return most - fewest >= 2;
    }

    /// <summary>
    /// The replica to drain now that <paramref name="spare"/> is ready: one on the most crowded silo, if the spare's silo
    /// held at least two fewer before it came; null when the spare found no better place (it is then drained itself).
    /// </summary>
    public static string? ToDrain(IReadOnlyList<ReplicaStatus> replicas, string spare)
    {
        if (replicas.FirstOrDefault(r => r.ReplicaId == spare) is not { } placed)
        {
            return null;
        }

        var others = replicas.Where(r => r.ReplicaId != spare).ToArray();
        if (others.Length == 0)
        {
            return null;
        }

        var counts = CountBySilo(others);
        var crowded = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
        return crowded.Value - counts.GetValueOrDefault(placed.Silo) >= 2
            ? others.Where(r => r.Silo == crowded.Key).Select(r => r.ReplicaId).Max(StringComparer.Ordinal)
            : null;
    }

    private static Dictionary<string, int> CountBySilo(IEnumerable<ReplicaStatus> replicas) =>
        replicas.GroupBy(r => r.Silo, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
