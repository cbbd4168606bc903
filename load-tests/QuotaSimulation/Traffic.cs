namespace Granary.QuotaSimulation;

/// <summary>How calls spread over silos: evenly, or Zipf-skewed (silo k gets a share proportional to 1/k^1.1).</summary>
public enum Spread
{
    Even,
    Zipf,
}

/// <summary>
/// Calls that come in cycles: a quiet spell under the limit (silos fill their slices, the bucket refills to its
/// burst) and then a spike over it, when what silos hold on top of the burst is spent: the case the bound is for.
/// </summary>
public sealed record Load(double QuietPerSecond, TimeSpan Quiet, double SpikePerSecond, TimeSpan Spike)
{
    public double PerSecondAt(TimeSpan at) => at.Ticks % (Quiet + Spike).Ticks < Quiet.Ticks ? QuietPerSecond : SpikePerSecond;
}

/// <summary>Poisson arrivals at the load's rate of the moment (by thinning), each sent to a silo drawn by the spread.</summary>
public sealed class Traffic(int silos, Spread spread, Load load, Random random)
{
    private readonly double[] _cumulative = Cumulative(silos, spread);
    private readonly double _most = Math.Max(load.QuietPerSecond, load.SpikePerSecond);

    /// <summary>The time of the next call after <paramref name="now"/>.</summary>
    public TimeSpan Next(TimeSpan now)
    {
        while (true)
        {
            now += TimeSpan.FromSeconds(-Math.Log(1 - random.NextDouble()) / _most);
            if (random.NextDouble() * _most < load.PerSecondAt(now))
            {
                return now;
            }
        }
    }

    public int NextSilo()
    {
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return Math.Min(silos - 1, index < 0 ? ~index : index);
    }

    private static double[] Cumulative(int silos, Spread spread)
    {
        var weights = Enumerable.Range(1, silos).Select(k => spread == Spread.Even ? 1.0 : 1 / Math.Pow(k, 1.1)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[silos];
        var sum = 0.0;
        for (var k = 0; k < silos; k++)
        {
            sum += weights[k] / total;
            cumulative[k] = sum;
        }

        return cumulative;
    }
}
