using Granary.Models;

namespace Granary.Routing;

/// <summary>
/// The weighted pick behind a traffic split: each unpinned request draws a version with a chance of its
/// percentage. Versions that cannot serve now are left out of the draw and the others share their traffic;
/// when none can, the draw is over them all (the router then waits for a loading one, or says why none serves).
/// </summary>
public static class TrafficSplit
{
    /// <summary>The percentages of a split add up to this.</summary>
    public const int Total = 100;

    public static long Pick<TState>(IReadOnlyList<TrafficShare> shares, TState state, Func<TState, long, bool> canServe, Random random)
    {
        var serving = 0;
        for (var i = 0; i < shares.Count; i++)
        {
            if (canServe(state, shares[i].Version))
            {
                serving += shares[i].Percent;
            }
        }

        var onlyServing = serving > 0;
        var total = onlyServing ? serving : SumOf(shares);
        var roll = random.Next(Math.Max(1, total));
        for (var i = 0; i < shares.Count; i++)
        {
            var share = shares[i];
            if (onlyServing && !canServe(state, share.Version))
            {
                continue;
            }

            if (roll < share.Percent)
            {
                return share.Version;
            }

            roll -= share.Percent;
        }

        return shares[^1].Version;
    }

    private static int SumOf(IReadOnlyList<TrafficShare> shares)
    {
        var sum = 0;
        for (var i = 0; i < shares.Count; i++)
        {
            sum += shares[i].Percent;
        }

        return sum;
    }
}
