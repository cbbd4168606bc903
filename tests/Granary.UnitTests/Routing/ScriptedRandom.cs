namespace Granary.UnitTests.Routing;

/// <summary>A random source that answers the indices a test scripted, in order.</summary>
public sealed class ScriptedRandom(params int[] picks) : Random
{
    private int _next;

    public override int Next(int maxValue)
    {
        var pick = picks[_next++];
        return pick < maxValue ? pick : throw new InvalidOperationException($"scripted pick {pick} is outside 0..{maxValue - 1}");
    }
}
