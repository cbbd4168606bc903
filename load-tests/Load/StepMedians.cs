namespace Granary.LoadTests.Load;

/// <summary>
/// One figure per step from several rounds of the same sweep: the round with the median throughput at that step
/// (the lower middle of an even count), latencies included, so that each reported step is a run that happened.
/// </summary>
public static class StepMedians
{
    public static IReadOnlyList<StepResult> Of(IReadOnlyList<IReadOnlyList<StepResult>> rounds)
    {
        if (rounds.Count == 0)
        {
            return [];
        }

        var medians = new List<StepResult>(rounds[0].Count);
        for (var step = 0; step < rounds[0].Count; step++)
        {
            var sorted = rounds.Where(round => round.Count > step).Select(round => round[step]).OrderBy(s => s.InferencesPerSecond).ToList();
            medians.Add(sorted[(sorted.Count - 1) / 2]);
        }

        return medians;
    }
}
