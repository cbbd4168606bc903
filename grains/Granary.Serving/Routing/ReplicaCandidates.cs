namespace Granary.Routing;

/// <summary>
/// The replicas the router chooses among: those not ejected and not the one this request just gave up on; if that
/// leaves none, those not ejected; if none, all of them (a choice is always made).
/// </summary>
internal static class ReplicaCandidates
{
    public static IReadOnlyList<string> Of<TState>(IReadOnlyList<string> replicaIds, string? gaveUpOn, TState state, Func<TState, string, bool> isEjected)
    {
        if (replicaIds.Count == 1)
        {
            return replicaIds;
        }

        if (!AnyLeftOut(replicaIds, gaveUpOn, state, isEjected))
        {
            return replicaIds;
        }

        var kept = Keep(replicaIds, id => id != gaveUpOn && !isEjected(state, id));
        if (kept.Count > 0)
        {
            return kept;
        }

        kept = Keep(replicaIds, id => !isEjected(state, id));
        return kept.Count > 0 ? kept : replicaIds;
    }

    private static bool AnyLeftOut<TState>(IReadOnlyList<string> replicaIds, string? gaveUpOn, TState state, Func<TState, string, bool> isEjected)
    {
        for (var i = 0; i < replicaIds.Count; i++)
        {
            if (replicaIds[i] == gaveUpOn || isEjected(state, replicaIds[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The list itself when every replica is kept .</summary>
    private static IReadOnlyList<string> Keep(IReadOnlyList<string> replicaIds, Func<string, bool> keep)
    {
        List<string>? kept = null;
        for (var i = 0; i < replicaIds.Count; i++)
        {
            var id = replicaIds[i];
            if (keep(id))
            {
                kept?.Add(id);
            }
            else if (kept is null)
            {
                kept = new List<string>(replicaIds.Count);
                for (var j = 0; j < i; j++)
                {
                    kept.Add(replicaIds[j]);
                }
            }
        }

        return kept ?? replicaIds;
    }
}
