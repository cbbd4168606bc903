namespace Granary.Routing;

/// <summary>
/// The power of two choices: sample two replicas at random (possibly the same one) and take the one with
/// fewer requests in flight, the first sample on a tie. Nearly as even as asking every replica, at the cost
/// of two reads.
/// </summary>
internal sealed class PowerOfTwoChoices(Random random)
{
    public static PowerOfTwoChoices Shared { get; } = new(Random.Shared);

    /// <summary>
    /// One of <paramref name="replicaIds"/>, as the slot <paramref name="slotOf"/> answers for it;
    /// <paramref name="inFlight"/> reads a slot's load. The state argument keeps the delegates static.
    /// </summary>
    public TSlot Choose<TState, TSlot>(IReadOnlyList<string> replicaIds, TState state, Func<TState, string, TSlot> slotOf, Func<TState, TSlot, int> inFlight)
    {
        if (replicaIds.Count == 1)
        {
            return slotOf(state, replicaIds[0]);
        }

        var first = slotOf(state, replicaIds[random.Next(replicaIds.Count)]);
        var second = slotOf(state, replicaIds[random.Next(replicaIds.Count)]);
        return inFlight(state, second) < inFlight(state, first) ? second : first;
    }
}
