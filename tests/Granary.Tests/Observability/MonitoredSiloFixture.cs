using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Observability;

/// <summary>One in-process test silo and a real Prometheus that scrapes its management port with the repository's recording rules.</summary>
public sealed class MonitoredSiloFixture : IAsyncLifetime
{
    public SiloFixture Silo { get; } = new();

    public PrometheusServer Prometheus { get; private set; } = null!;

    public Granary.Protocol.V1.Tenants.TenantsClient Tenants { get; private set; } = null!;

    /// <summary>The repository's checkout, where deploy/ lives.</summary>
    public static string RepositoryRoot => RepositoryCheckout.Root;

    public static string RulesFile => Path.Combine(RepositoryRoot, "deploy", "granary-rules.yml");

    public async Task InitializeAsync()
    {
        await Silo.InitializeAsync();
        Tenants = new Granary.Protocol.V1.Tenants.TenantsClient(Silo.Channel.WithApiKey(SiloFixture.AdminKey));
        Prometheus = await PrometheusServer.StartAsync([$"127.0.0.1:{Silo.MetricsPort}"], [RulesFile]);
    }

    public async Task DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        await Silo.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class MonitoredSiloCollection : ICollectionFixture<MonitoredSiloFixture>
{
    public const string Name = "monitored silo";
}
