using System.CommandLine;
using System.Globalization;
using Granary.Cli.Output;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary models quality [NAME] --window 1h</c>: the service-quality report from the usage ledger.</summary>
internal static class ModelsQualityCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "One model; all the models the key may see when left out.", Arity = ArgumentArity.ZeroOrOne };
        var window = new Option<string>("--window") { Description = "How far back: a count and m, h or d, from 1m to 31d (whole hours are read).", DefaultValueFactory = _ => "1h" };
        var command = new Command("quality", "Requests, success rate, p50/p95/p99 latency, queue share, mean batch, errors and availability against the SLO, per model and version.")
        {
            name,
            window,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var report = await client.GetModelQualityAsync(new GetModelQualityRequest { Model = parseResult.GetValue(name) ?? "", Window = parseResult.GetValue(window) ?? "" }, cancellationToken);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"from {report.From} to {report.To}");
            var table = new TextTable("MODEL", "VERSION", "REQUESTS", "SUCCESS", "P50 MS", "P95 MS", "P99 MS", "QUEUE", "BATCH", "AVAILABILITY", "SLO", "ERRORS");
            foreach (var q in report.Models)
            {
                table.Add(
                    q.Model,
                    q.Version,
                    q.Requests.ToString(CultureInfo.InvariantCulture),
                    Percent(q.SuccessRate),
                    q.HasP50Ms ? Milliseconds(q.P50Ms) : "-",
                    q.HasP95Ms ? Milliseconds(q.P95Ms) : "-",
                    q.HasP99Ms ? Milliseconds(q.P99Ms) : "-",
                    Percent(q.QueueShare),
                    q.MeanBatch.ToString("0.00", CultureInfo.InvariantCulture),
                    q.HasAvailability ? Percent(q.Availability) : "-",
                    Objective(q),
                    string.Join(", ", q.ErrorsByStatus.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value}")));
            }

            table.Write(output);
            return 0;
        });
        return command;
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Milliseconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The stated targets with met or missed, e.g. "99.90% met, p99 50 ms missed"; "-" when none is stated.</summary>
    private static string Objective(ModelQuality q)
    {
        if (q.Slo is null)
        {
            return "-";
        }

        var parts = new List<string>();
        if (q.Slo.Availability > 0)
        {
            parts.Add($"{Percent(q.Slo.Availability)} {Verdict(q.HasAvailabilityMet, q.AvailabilityMet)}");
        }

        if (q.Slo.P99LatencyMs > 0)
        {
            parts.Add($"p99 {q.Slo.P99LatencyMs.ToString(CultureInfo.InvariantCulture)} ms {Verdict(q.HasLatencyMet, q.LatencyMet)}");
        }

        return string.Join(", ", parts);
    }

    private static string Verdict(bool measured, bool met) => !measured ? "(no data)" : met ? "met" : "missed";
}
