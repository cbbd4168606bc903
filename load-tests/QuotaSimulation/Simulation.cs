using Granary.Tenants;
using Granary.Tenants.Admission;

namespace Granary.QuotaSimulation;

/// <summary>
/// Runs a scenario through the real <see cref="QuotaGate"/> (one per silo) and the real quota arithmetic, with
/// this silo's idle sweep (unspent slices go back after 1 s idle, checked every 500 ms) as in <c>QuotaGates</c>.
/// </summary>
public static class Simulation
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    public static Outcome Run(Scenario scenario)
    {
        var events = new EventQueue();
        var allowance = new QuotaAllowance(QuotaLimits.Unlimited, 0, 0, 0, default, events.Time);
        allowance.Change(scenario.Before);
        var grain = new SimulatedQuotaGrain(events, allowance, scenario.GrainRoundTrip, scenario.FixedSlices);
        var gates = Enumerable.Range(0, scenario.Silos).Select(i => new QuotaGate("tenant", $"silo-{i}", grain, events.Time)).ToArray();
        var traffic = new Traffic(scenario.Silos, scenario.Spread, scenario.Load, new Random(scenario.Seed));
        var beforeChange = new List<TimeSpan>();
        var lastOnOldLimits = TimeSpan.Zero;
        var (refused, admittedTotal, callsAtWarmup, callsAtChange) = (0L, 0L, 0L, 0L);

        void Record(Admission admission)
        {
            admittedTotal++;
            if (events.Now < scenario.ChangeAt)
            {
                beforeChange.Add(events.Now);
            }
            else if (admission.Limits != scenario.After)
            {
                lastOnOldLimits = events.Now;
            }

            admission.Dispose();
        }

        void Arrive()
        {
            var pending = gates[traffic.NextSilo()].AdmitAsync(1);
            if (pending.IsCompletedSuccessfully)
            {
                Record(pending.Result);
            }
            else
            {
                pending.AsTask().ContinueWith(
                    t =>
                    {
                        if (t.IsCompletedSuccessfully)
                        {
                            Record(t.Result);
                        }
                        else
                        {
                            refused++;
                        }
                    },
                    TaskContinuationOptions.ExecuteSynchronously);
            }

            events.At(traffic.Next(events.Now), Arrive);
        }

        void Sweep()
        {
            var idleSince = events.Time.GetTimestamp() - (long)(IdleAfter.TotalSeconds * events.Time.TimestampFrequency);
            foreach (var gate in gates)
            {
                if (gate.IdleSince(idleSince))
                {
                    _ = gate.ReturnUnusedAsync();
                }
            }

            events.After(SweepEvery, Sweep);
        }

        events.At(TimeSpan.Zero, Arrive);
        events.At(SweepEvery, Sweep);
        events.At(Warmup, () => callsAtWarmup = grain.Calls);
        events.At(scenario.ChangeAt, () => (callsAtChange, _) = (grain.Calls, grain.SetLimitsAsync(scenario.After)));
        events.RunUntil(scenario.Duration);

        var before = scenario.Before;
        var limited = before.RequestsPerSecond > 0;
        var statedExtra = scenario.FixedSlices
            ? scenario.Silos * Math.Max(1, Math.Ceiling(before.RequestsPerSecond * QuotaAllowance.SliceOfRate.TotalSeconds))
            : (before.RequestsPerSecond * QuotaAllowance.SliceOfRate.TotalSeconds * Harmonic(scenario.Silos)) + scenario.Silos;
        return new Outcome(
            limited ? Outcome.WorstOvershoot(beforeChange, before.RequestsPerSecond, before.RequestBucket) : double.NaN,
            limited ? statedExtra : double.NaN,
            (callsAtChange - callsAtWarmup) / (scenario.ChangeAt - Warmup).TotalSeconds,
            lastOnOldLimits > scenario.ChangeAt ? lastOnOldLimits - scenario.ChangeAt : TimeSpan.Zero,
            admittedTotal,
            refused);
    }

    /// <summary>1 + 1/2 + … + 1/n: the most silos hold, in slices of the rate, while they join one by one.</summary>
    public static double Harmonic(int n) => Enumerable.Range(1, n).Sum(k => 1.0 / k);
}
