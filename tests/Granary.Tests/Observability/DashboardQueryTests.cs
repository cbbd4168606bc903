using System.Diagnostics;
using System.Text.Json;

namespace Granary.Tests.Observability;

/// <summary>
/// Grafana cannot run here, so its dashboard is checked where it matters: every panel's PromQL, run against a real
/// Prometheus that scrapes a silo with the repository's recording rules, returns data. The rules pass promtool.
/// </summary>
[Collection(MonitoredSiloCollection.Name)]
public sealed class DashboardQueryTests(MonitoredSiloFixture fixture)
{
    private static readonly string Dashboard = Path.Combine(MonitoredSiloFixture.RepositoryRoot, "deploy", "grafana", "dashboards", "granary.json");

    [Fact]
    public async Task The_recording_rules_pass_promtool_check_rules()
    {
        var start = new ProcessStartInfo("/usr/bin/promtool") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("rules");
        start.ArgumentList.Add(MonitoredSiloFixture.RulesFile);
        using var promtool = Process.Start(start)!;
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(promtool.ExitCode == 0, $"promtool check rules exited {promtool.ExitCode}: {output}");
    }

    [Fact]
    public async Task Every_dashboard_panel_query_returns_data_from_prometheus()
    {
        await ObservedTraffic.ServedTenantAsync(fixture, "dashboard", calls: 5);
        await ObservedTraffic.RefusedTenantAsync(fixture);
        var queries = PanelQueries();
        Assert.True(queries.Count >= 10, $"expected the dashboard's panels and their queries, found {queries.Count}");

        var empty = queries.ToList();
        var deadline = TimeSpan.FromSeconds(90);
        var clock = Stopwatch.StartNew();
        while (empty.Count > 0 && clock.Elapsed < deadline)
        {
            foreach (var query in empty.ToArray())
            {
                if ((await fixture.Prometheus.QueryAsync(query.Expression)).Count > 0)
                {
                    empty.Remove(query);
                }
            }

            if (empty.Count > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        Assert.True(empty.Count == 0,
            $"panels without data after {deadline.TotalSeconds:0} s: {string.Join("; ", empty.Select(q => $"{q.Panel}: {q.Expression}"))}\n{fixture.Prometheus.Log()}");
    }

    private static List<(string Panel, string Expression)> PanelQueries()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Dashboard));
        return json.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray()
                .Select(target => (panel.GetProperty("title").GetString()!, target.GetProperty("expr").GetString()!)))
            .ToList();
    }
}
