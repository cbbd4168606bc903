using Granary.Hosting;
using Granary.Inference;
using Granary.Models;
using Granary.Routing;
using Granary.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Granary.Tests.Cluster;

/// <summary>Two silos in an Orleans test cluster, each with the serving services, sharing one repository.</summary>
public sealed class TwoSiloClusterTests : IAsyncLifetime
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        TestModels.WriteInto(_repository);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Granary:Repository:Path"] = _repository })
            .Build();
        var builder = new InProcessTestClusterBuilder(2);
        // Model controllers keep what admins set on a model in grain storage.
        builder.ConfigureSilo((_, silo) => silo.AddGranary(configuration).AddMemoryGrainStorageAsDefault());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_repository, recursive: true);
    }

    [Fact]
    public async Task Calls_entering_through_either_silo_reach_the_same_replica_grain()
    {
        var replicas = new List<string>();
        foreach (var silo in _cluster.Silos)
        {
            var router = silo.ServiceProvider.GetRequiredService<ModelRouter>();
            var (model, version) = await router.ResolveAsync("mlp-classifier", "");
            var request = new InferenceRequest("mlp-classifier", version.Version, [new Tensor("input", "FP32", [1, 64], new byte[64 * 4])], [], null);

            var response = await router.InferAsync(InferenceRequestValidator.Validate(request, version, model.Deployment), version, CancellationToken.None);

            Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
            replicas.Add(response.ReplicaId);
        }

        Assert.Equal("mlp-classifier/1/0", replicas[0]);
        Assert.Equal(replicas[0], replicas[1]);
        var activations = (await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics())
            .Where(g => g.GrainId.Key.ToString() == replicas[0])
            .ToArray();
        Assert.True(activations.Length == 1, $"expected one activation of {replicas[0]} in the cluster, found {activations.Length}");
    }
}
