using System.Globalization;
using System.Text;

namespace Granary.LoadTests.Chaos;

/// <summary>The chaos run's results as a Markdown table, one row per scenario.</summary>
public static class ChaosTable
{
    public static string Format(IReadOnlyList<ScenarioResult> results)
    {
        var table = new StringBuilder();
        table.AppendLine("| scenario | victim | calls | OK | errors by status | longest gap without OK | same, from 5 s after the fault | eviction | re-placement | p99 before / during / after | quota: admitted − (rate·t + burst), stated extra | billed / OK (finally failed) |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var errors = r.Errors.Count == 0 ? "none" : string.Join(", ", r.Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} {e.Value}"));
            table.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {r.Scenario.Name()} | {r.Victim ?? "-"} | {r.Calls} | {r.OkPercent:F3} % | {errors} | {Seconds(r.LongestGapWithoutOk)} | {Seconds(r.LongestGapAfterFirst5s)} | {Seconds(r.Eviction)} | {Seconds(r.Replacement)} | {Ms(r.P99Before)} / {Ms(r.P99During)} / {Ms(r.P99After)} | {r.Quota.Overshoot:F1}, {r.Quota.StatedExtra:F1} | {r.Usage.Billed} / {r.Usage.Ok} ({r.Usage.FinallyFailed}) |"));
        }

        return table.ToString();
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1} s") : "-";

    private static string Ms(TimeSpan? time) => time is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F0} ms") : "-";
}
