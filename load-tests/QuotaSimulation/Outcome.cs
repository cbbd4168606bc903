namespace Granary.QuotaSimulation;

/// <summary>
/// What a run measured. <see cref="Overshoot"/> is the worst window before the change: admitted − rate·t − burst,
/// over every window; <see cref="StatedExtra"/> is the README's term above rate·t + burst for that design.
/// </summary>
public sealed record Outcome(double Overshoot, double StatedExtra, double LeaseCallsPerSecond, TimeSpan ChangeTookEffect, long Admitted, long Refused)
{
    /// <summary>The worst over windows of (admitted in the window) − rate·window − burst; admission times in order.</summary>
    public static double WorstOvershoot(IReadOnlyList<TimeSpan> admitted, double rate, double burst)
    {
        // With f(i) = i − rate·t(i), the window from just before admission j to admission i admits i − j + 1.
        var worst = double.NegativeInfinity;
        var lowest = double.PositiveInfinity;
        for (var i = 0; i < admitted.Count; i++)
        {
            var f = i - (rate * admitted[i].TotalSeconds);
            lowest = Math.Min(lowest, f);
            worst = Math.Max(worst, f - lowest + 1 - burst);
        }

        return worst;
    }
}
