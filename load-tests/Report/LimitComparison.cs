using Granary.LoadTests.Limits;
using Granary.LoadTests.Load;

namespace Granary.LoadTests.Report;

/// <summary>
/// Granary against its ceiling, and against the minimal batching server, at one row count and one concurrency (or rate). The ceiling is the combined limit
/// L = 1 / (1/raw + 1/transport) in inferences per second: running the model and carrying requests share the cores,
/// so their times per inference add up.
/// </summary>
public sealed record LimitComparison(
    int Rows,
    int? Concurrency,
    int? Rate,
    double? GranaryInferencesPerSecond,
    double? TransportInferencesPerSecond,
    double? RawInferencesPerSecond,
    double? CombinedLimit,
    double? GranaryOverLimit,
    double? GranaryOverRaw,
    double? GranaryP50Us,
    double? GranaryP99Us,
    double? TransportP50Us,
    double? TransportP99Us,
    double? GranaryAddedP50Us,
    double? BaselineInferencesPerSecond,
    double? GranaryOverBaseline,
    double? BaselineOverLimit,
    double? CrossSiloInferencesPerSecond,
    double? CrossSiloOverGranary,
    double? CrossSiloP50Us,
    double? CrossSiloP99Us)
{
    public static IReadOnlyList<LimitComparison> Build(
        BenchmarkOptions options, IReadOnlyList<StepResult> granary, IReadOnlyList<StepResult> transport, RawLimitResult? raw,
        IReadOnlyList<StepResult> baseline, IReadOnlyList<StepResult> crossSilo)
    {
        var comparisons = new List<LimitComparison>();
        foreach (var rows in options.Rows.Distinct())
        {
            if (options.Rates.Count > 0 && granary.Count > 0)
            {
                // An open-loop step has no concurrency to match: it is held against the transport's best throughput,
                // whose latency, taken at another load, says nothing about it.
                var best = transport.Where(step => step.Rows == rows).MaxBy(step => step.InferencesPerSecond);
                foreach (var rate in options.Rates)
                {
                    var step = granary.FirstOrDefault(s => s.Rows == rows && s.Rate == rate);
                    comparisons.Add(Compare(rows, null, rate, step, best, raw, baseline: null, crossSilo.FirstOrDefault(s => s.Rows == rows && s.Rate == rate)));
                }

                continue;
            }

            foreach (var concurrency in options.Concurrency)
            {
                var step = granary.FirstOrDefault(s => s.Rows == rows && s.Concurrency == concurrency);
                var bare = transport.FirstOrDefault(s => s.Rows == rows && s.Concurrency == concurrency);
                var minimal = baseline.FirstOrDefault(s => s.Rows == rows && s.Concurrency == concurrency);
                var remote = crossSilo.FirstOrDefault(s => s.Rows == rows && s.Concurrency == concurrency);
                if (step is not null || bare is not null || minimal is not null)
                {
                    comparisons.Add(Compare(rows, concurrency, null, step, bare, raw, minimal, remote));
                }
            }
        }

        return comparisons;
    }

    private static LimitComparison Compare(
        int rows, int? concurrency, int? rate, StepResult? granary, StepResult? transport, RawLimitResult? raw, StepResult? baseline, StepResult? crossSilo)
    {
        var baselineRate = baseline?.InferencesPerSecond;
        var granaryRate = granary?.InferencesPerSecond;
        var transportRate = transport?.InferencesPerSecond;
        var rawRate = raw?.InferencesPerSecond;
        double? limit = transportRate is > 0 and { } bare && rawRate is > 0 and { } model ? 1 / (1 / model + 1 / bare) : null;
        double? added = concurrency == 1 && granary is not null && transport is not null && raw?.SingleRunP50Us(rows) is { } single
            ? granary.LatencyUs.P50 - (transport.LatencyUs.P50 + single)
            : null;
        return new LimitComparison(
            rows,
            concurrency,
            rate,
            granaryRate,
            transportRate,
            rawRate,
            Round(limit),
            Ratio(granaryRate, limit),
            Ratio(granaryRate, rawRate),
            granary?.LatencyUs.P50,
            granary?.LatencyUs.P99,
            rate is null ? transport?.LatencyUs.P50 : null,
            rate is null ? transport?.LatencyUs.P99 : null,
            added,
            baselineRate,
            Ratio(granaryRate, baselineRate),
            Ratio(baselineRate, limit),
            crossSilo?.InferencesPerSecond,
            Ratio(crossSilo?.InferencesPerSecond, granaryRate),
            crossSilo?.LatencyUs.P50,
            crossSilo?.LatencyUs.P99);
    }

    private static double? Ratio(double? numerator, double? denominator) =>
        numerator is { } n && denominator is > 0 ? Math.Round(n / denominator.Value, 3) : null;

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
