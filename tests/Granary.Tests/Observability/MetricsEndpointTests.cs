using System.Net;
using Granary.Protocol.Inference;

namespace Granary.Tests.Observability;

/// <summary>/metrics, as Prometheus reads it: only on the management port, every Granary instrument by its Prometheus name and labels.</summary>
[Collection(MonitoredSiloCollection.Name)]
public sealed class MetricsEndpointTests(MonitoredSiloFixture fixture)
{
    [Fact]
    public async Task Metrics_are_served_on_the_management_port_and_not_on_the_public_http_port()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        var management = await http.GetAsync($"http://127.0.0.1:{fixture.Silo.MetricsPort}/metrics");
        var publicPort = await http.GetAsync($"http://127.0.0.1:{fixture.Silo.HttpPort}/metrics");

        Assert.Equal(HttpStatusCode.OK, management.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicPort.StatusCode);
    }

    [Fact]
    public async Task Every_granary_instrument_is_exported_with_its_prometheus_name_and_labels()
    {
        var tenant = await ObservedTraffic.ServedTenantAsync(fixture, "names", calls: 2);
        var refused = await ObservedTraffic.RefusedTenantAsync(fixture);
        await fixture.Silo.Inference.ModelInferAsync(ObservedTraffic.Request());

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var samples = MetricsText.Parse(await http.GetStringAsync($"http://127.0.0.1:{fixture.Silo.MetricsPort}/metrics"));

        var model = ObservedTraffic.Model;
        Expect(samples, "granary_requests_total", new() { ["model"] = model, ["version"] = "1", ["tenant"] = tenant, ["status"] = "OK" });
        Expect(samples, "granary_requests_total", new() { ["model"] = model, ["tenant"] = "admin", ["status"] = "OK" });
        Expect(samples, "granary_requests_total", new() { ["model"] = model, ["tenant"] = refused, ["status"] = "QUOTA_EXCEEDED" });
        Expect(samples, "granary_request_duration_seconds_bucket", new() { ["model"] = model, ["version"] = "1", ["tenant"] = tenant, ["le"] = "0.0005" });
        Expect(samples, "granary_queue_duration_seconds_bucket", new() { ["model"] = model, ["version"] = "1" });
        Expect(samples, "granary_compute_duration_seconds_bucket", new() { ["model"] = model, ["version"] = "1" });
        Expect(samples, "granary_batch_size_bucket", new() { ["model"] = model, ["version"] = "1" });
        Expect(samples, "granary_requests_in_flight", new() { ["model"] = model, ["version"] = "1" });
        Expect(samples, "granary_queue_depth", new() { ["model"] = model, ["version"] = "1" });
        Expect(samples, "granary_replicas", new() { ["model"] = model, ["version"] = "1", ["state"] = "ready" });
        Expect(samples, "granary_device_memory_total_bytes", new() { ["device"] = "0", ["kind"] = "cpu" });
        Expect(samples, "granary_device_memory_reserved_bytes", new() { ["device"] = "0", ["kind"] = "cpu" });
        Expect(samples, "granary_quota_refusals_total", new() { ["tenant"] = refused, ["limit"] = "monthly_units" });
        Expect(samples, "granary_billed_units_total", new() { ["tenant"] = tenant, ["model"] = model, ["direction"] = "in" });
        Expect(samples, "granary_billed_units_total", new() { ["tenant"] = tenant, ["model"] = model, ["direction"] = "out" });
        Expect(samples, "granary_key_cache_lookups_total", new() { ["result"] = "miss" });
        Expect(samples, "granary_key_cache_lookups_total", new() { ["result"] = "hit" });
        Expect(samples, "target_info", new() { ["service_name"] = "granary" });

        // The meters of Orleans, ASP.NET Core and the .NET runtime are exported beside Granary's.
        ExpectPrefix(samples, "orleans_");
        ExpectPrefix(samples, "http_server_request_duration_seconds");
        ExpectPrefix(samples, "dotnet_");
    }

    [Fact]
    public async Task The_silo_name_is_the_service_instance_id()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var samples = MetricsText.Parse(await http.GetStringAsync($"http://127.0.0.1:{fixture.Silo.MetricsPort}/metrics"));

        var target = Assert.Single(samples, s => s.Name == "target_info");
        Assert.True(target.Labels.TryGetValue("service_instance_id", out var instance) && instance.Length > 0,
            $"target_info should carry the silo's name as service_instance_id; its labels: {Describe(target.Labels)}");
    }

    private static void Expect(IReadOnlyList<(string Name, Dictionary<string, string> Labels)> samples, string name, Dictionary<string, string> labels)
    {
        var named = samples.Where(s => s.Name == name).ToArray();
        Assert.True(
            named.Any(s => labels.All(l => s.Labels.TryGetValue(l.Key, out var value) && value == l.Value)),
            $"expected a {name} sample with {Describe(labels)}; the {named.Length} {name} samples have: {string.Join(" | ", named.Take(8).Select(s => Describe(s.Labels)))}");
    }

    private static void ExpectPrefix(IReadOnlyList<(string Name, Dictionary<string, string> Labels)> samples, string prefix) =>
        Assert.True(samples.Any(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)), $"expected metrics named {prefix}…; none in {samples.Count} samples");

    private static string Describe(Dictionary<string, string> labels) => string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"));
}
