using System.Globalization;
using Granary.QuotaSimulation;
using Granary.Tenants;

// A discrete-event simulation of quota leases at 3, 30 and 300 silos, calls spread evenly and Zipf-skewed, with
// slices that adapt (today) and slices fixed at 100 ms of the rate (before). One tenant limited to 1,000 requests/s
// (burst 100) gets cycles of 400 ms at 500 calls/s and 200 ms at 4,000 calls/s for 10 s; at 5 s (and, in three more
// runs, 5.25, 5.5 and 5.75 s) its limit is tightened to 100/s (burst 100). The same runs starting unlimited give
// the last column. Worst of the four runs, except calls/s (their mean).
// Usage: dotnet run --project load-tests/QuotaSimulation [-- --seed N]
var seed = args.Length == 2 && args[0] == "--seed" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var limited = new QuotaLimits(1_000, 100, 0, 0, 0);
var tightened = new QuotaLimits(100, 100, 0, 0, 0);
var load = new Load(500, TimeSpan.FromMilliseconds(400), 4_000, TimeSpan.FromMilliseconds(200));
var changes = new[] { 5.0, 5.25, 5.5, 5.75 }.Select(TimeSpan.FromSeconds).ToArray();

Console.WriteLine("| silos | traffic | slices | worst window: admitted − rate·t − burst | stated extra (README) | ratio | lease calls/s into the grain | tightened: last call on old limits after | unlimited → limited: after |");
Console.WriteLine("|---:|---|---|---:|---:|---:|---:|---:|---:|");
foreach (var silos in new[] { 3, 30, 300 })
{
    foreach (var spread in new[] { Spread.Even, Spread.Zipf })
    {
        foreach (var fixedSlices in new[] { false, true })
        {
            Outcome Run(QuotaLimits before, TimeSpan changeAt) => Simulation.Run(
                new(silos, spread, fixedSlices, before, tightened, load, TimeSpan.FromSeconds(10), changeAt, TimeSpan.FromMilliseconds(1), seed));

            var tighten = changes.Select(at => Run(limited, at)).ToArray();
            var unlimited = changes.Select(at => Run(QuotaLimits.Unlimited, at)).ToArray();
            var overshoot = tighten.Max(o => o.Overshoot);
            var extra = tighten[0].StatedExtra;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {silos} | {spread.ToString().ToLowerInvariant()} | {(fixedSlices ? "fixed 100 ms" : "adaptive")} | {overshoot:0} | {extra:0} | {overshoot / extra:0.00} | {tighten.Average(o => o.LeaseCallsPerSecond):0} | {tighten.Max(o => o.ChangeTookEffect).TotalSeconds:0.00} s | {unlimited.Max(o => o.ChangeTookEffect).TotalSeconds:0.00} s |"));
        }
    }
}
