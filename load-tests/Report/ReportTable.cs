using System.Globalization;
using Granary.LoadTests.Limits;
using Granary.LoadTests.Load;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Report;

/// <summary>
/// The final tables, one per row count: Granary against the transport, raw and combined limits, then what the
/// Granary server says it did (batch sizes, queue and compute per request).
/// </summary>
public static class ReportTable
{
    private const string Missing = "-";
    private const int TopBatchSizes = 6;

    public static void Print(
        TextWriter output, BenchmarkOptions options, IReadOnlyList<LimitComparison> comparisons, IReadOnlyList<StepResult> granary, RawLimitResult? raw)
    {
        if (!options.SkipGranary)
        {
            output.WriteLine();
            output.WriteLine(Calls(options));
        }

        foreach (var rows in options.Rows.Distinct())
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rows per request = {rows}{RawNote(raw)}"));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {"step",-10} {GranaryColumn(options),10} {"baseline",10} {"transport",10} {"raw",10} {"limit L",10} {"G/L",6} {"B/L",6} {"G/B",6} {"G/raw",6} {"G p50",8} {"G p99",8} {"T p50",8} {"T p99",8}"));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {"",-10} {"inf/s",10} {"inf/s",10} {"inf/s",10} {"inf/s",10} {"inf/s",10} {"",6} {"",6} {"",6} {"",6} {"ms",8} {"ms",8} {"ms",8} {"ms",8}"));
            foreach (var row in comparisons.Where(c => c.Rows == rows))
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {Step(row.Concurrency, row.Rate),-10} {Rate(row.GranaryInferencesPerSecond),10} {Rate(row.BaselineInferencesPerSecond),10} " +
                    $"{Rate(row.TransportInferencesPerSecond),10} {Rate(row.RawInferencesPerSecond),10} {Rate(row.CombinedLimit),10} {Fraction(row.GranaryOverLimit),6} " +
                    $"{Fraction(row.BaselineOverLimit),6} {Fraction(row.GranaryOverBaseline),6} {Fraction(row.GranaryOverRaw),6} " +
                    $"{Ms(row.GranaryP50Us),8} {Ms(row.GranaryP99Us),8} {Ms(row.TransportP50Us),8} {Ms(row.TransportP99Us),8}"));
            }

            PrintAddedLatency(output, comparisons.FirstOrDefault(c => c.Rows == rows && c.Concurrency == 1), raw);
            PrintCrossSilo(output, comparisons.Where(c => c.Rows == rows && c.CrossSiloInferencesPerSecond is not null).ToList());
            PrintServerSide(output, granary.Where(step => step.Rows == rows && step.Server is { Executions: > 0 }).ToList());
        }
    }

    /// <summary>Each round's throughput per step, every target in the order they ran, when there was more than one round.</summary>
    public static void PrintRounds(TextWriter output, BenchmarkOptions options, IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<StepResult>>> rounds)
    {
        if (options.Rounds < 2 || rounds.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"rounds in the order they ran, inf/s ({string.Join(", ", rounds.Keys)}; the tables above show the median round):");
        var steps = rounds.Values.First().FirstOrDefault() ?? [];
        for (var step = 0; step < steps.Count; step++)
        {
            var figures = Enumerable.Range(0, options.Rounds).SelectMany(round => rounds.Select(target =>
                target.Value.Count > round && target.Value[round].Count > step ? $"{target.Key} {Rate(target.Value[round][step].InferencesPerSecond)}" : null))
                .OfType<string>();
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture, $"  rows={steps[step].Rows} {Step(steps[step].Concurrency, steps[step].Rate),-8} {string.Join("  ", figures)}"));
        }
    }

    /// <summary>How the calls to Granary were authenticated, which decides what a Granary figure includes.</summary>
    public static string Calls(BenchmarkOptions options) =>
        $"Granary calls over {InferProtocol.Describe(options.Protocol)}; " + Auth(options);

    private static string Auth(BenchmarkOptions options) =>
        (options.IsEmbedded, options.WithTenant, options.ApiKey is not null) switch
        {
            (true, true, _) => $"as tenant '{BenchmarkTenant.Id}', auth on (key check and quota admission on every call)",
            (true, false, _) => "auth off (the serving path alone)",
            (false, _, true) => "with the given API key",
            (false, _, false) => "without an API key",
        };

    /// <summary>The Granary column's name: the protocol shows in it unless it is gRPC (10 characters at most).</summary>
    private static string GranaryColumn(BenchmarkOptions options) =>
        options.Protocol switch
        {
            InferProtocol.RestJson => "REST json",
            InferProtocol.RestBinary => "REST bin",
            _ => "Granary",
        };

    private static void PrintAddedLatency(TextWriter output, LimitComparison? atOne, RawLimitResult? raw)
    {
        if (atOne?.GranaryAddedP50Us is not { } added || raw?.SingleRunP50Us(atOne.Rows) is not { } single)
        {
            return;
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  concurrency 1, p50: Granary {Ms(atOne.GranaryP50Us)} ms = transport {Ms(atOne.TransportP50Us)} + raw single run {Ms(single)} " +
            $"+ {Ms(added)} ms that Granary adds"));
    }

    private static void PrintCrossSilo(TextWriter output, IReadOnlyList<LimitComparison> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        output.WriteLine("  cross-silo (replica on silo 1 of 3, calls through silos 2 and 3) beside the one-silo Granary (local replica):");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"  {"step",-10} {"cross inf/s",11} {"local inf/s",11} {"X/local",7} {"X p50",8} {"X p99",8} {"G p50",8} {"G p99",8}"));
        foreach (var row in rows)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {Step(row.Concurrency, row.Rate),-10} {Rate(row.CrossSiloInferencesPerSecond),11} {Rate(row.GranaryInferencesPerSecond),11} {Fraction(row.CrossSiloOverGranary),7} " +
                $"{Ms(row.CrossSiloP50Us),8} {Ms(row.CrossSiloP99Us),8} {Ms(row.GranaryP50Us),8} {Ms(row.GranaryP99Us),8}"));
        }
    }

    private static void PrintServerSide(TextWriter output, IReadOnlyList<StepResult> steps)
    {
        if (steps.Count == 0)
        {
            return;
        }

        output.WriteLine("  Granary server side, per request in µs (compute counted for every request of a batch):");
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {"step",-10} {"runs",10} {"batch",6} {"request",8} {"queue",8} {"input",8} {"infer",8} {"output",8}  batch sizes: share of runs"));
        foreach (var step in steps)
        {
            var server = step.Server!;
            var sizes = server.Batches.OrderByDescending(b => b.Executions).Take(TopBatchSizes).OrderBy(b => b.BatchSize)
                .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.BatchSize}:{b.Share * 100:F0}%"));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {Step(step.Concurrency, step.Rate),-10} {server.Executions,10:N0} {server.MeanBatchSize,6:F1} {server.RequestUs,8:N0} {server.QueueUs,8:N0} " +
                $"{server.ComputeInputUs,8:N0} {server.ComputeInferUs,8:N0} {server.ComputeOutputUs,8:N0}  {string.Join(" ", sizes)}"));
        }
    }

    private static string RawNote(RawLimitResult? raw) =>
        raw is null
            ? "   (raw limit not measured)"
            : string.Create(CultureInfo.InvariantCulture, $"   (raw best: batch {raw.Best.BatchSize}, {raw.Best.IntraOpThreads} intra-op thread(s) × {raw.Best.Callers} caller(s))");

    private static string Step(int? concurrency, int? rate) => rate is null ? string.Create(CultureInfo.InvariantCulture, $"c={concurrency}") : string.Create(CultureInfo.InvariantCulture, $"{rate}/s");

    private static string Rate(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:N0}") : Missing;

    private static string Fraction(double? value) => value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:F2}") : Missing;

    private static string Ms(double? microseconds) => microseconds is { } v ? StepSummary.Ms(v) : Missing;
}
