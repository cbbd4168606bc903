namespace Granary.Tests.Observability;

/// <summary>A real Prometheus scrapes the silo; what it reads is what the tenant did.</summary>
[Collection(MonitoredSiloCollection.Name)]
public sealed class PrometheusCounterTests(MonitoredSiloFixture fixture)
{
    private const int Calls = 7;

    [Fact]
    public async Task After_n_requests_by_a_tenant_on_a_model_the_raw_counter_in_prometheus_is_n()
    {
        var tenant = await ObservedTraffic.ServedTenantAsync(fixture, "counted", Calls);
        var query = $"sum(granary_requests_total{{tenant=\"{tenant}\",model=\"{ObservedTraffic.Model}\",status=\"OK\"}})";

        double? seen = null;
        await Infrastructure.Eventually.TrueAsync(
            async () =>
            {
                var result = await fixture.Prometheus.QueryAsync(query);
                seen = result.Count == 1 ? result[0].Value : null;
                return seen == Calls;
            },
            TimeSpan.FromSeconds(30),
            $"Prometheus to read {Calls} for {query} (last read: {seen?.ToString() ?? "no sample"}; log: {fixture.Prometheus.Log()})");

        Assert.Equal(Calls, seen);
    }
}
