using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Granary.Tests.Tenants;
using Grpc.Core;
using ModelsClient = Granary.Protocol.V1.Models.ModelsClient;

namespace Granary.Tests.Library;

/// <summary>The library in cluster mode: silo processes sharing one Redis, each with its own file cache.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class LibraryClusterTests
{
    private static global::Granary.Protocol.Inference.ModelInferRequest Request(string model) => Requests.RawFp32(model, "input", new float[64], 1, 64);

    private static ModelsClient Models(SiloProcess silo, string key = ProcessClusterSettings.AdminKey) => new(silo.Channel.WithApiKey(key));

    [Fact]
    public async Task A_model_uploaded_through_one_silo_is_ready_and_served_through_another_which_fetched_the_file_from_redis()
    {
        await using var cluster = await ProcessCluster.StartAsync(2);
        var (entry, other) = (cluster.Silos[0], cluster.Silos[1]);
        var header = LibraryUploads.Header("shared-mlp", LibraryFiles.CompleteCard());
        header.Deployment.Replicas = 2;

        var registered = await LibraryUploads.RegisterAsync(Models(entry), header, LibraryFiles.Mlp());

        await Eventually.TrueAsync(
            async () => (await Models(other).GetModelAsync(new GetModelRequest { Name = "shared-mlp" })).Versions is [{ State: "READY", Replicas: 2 }],
            TimeSpan.FromSeconds(60),
            "version 1 ready with two replicas, seen through the other silo");
        var replicas = (await other.Cluster.ListReplicasAsync(new ListReplicasRequest { Model = "shared-mlp" })).Replicas;
        Assert.Equal(2, replicas.Select(r => r.SiloName).Distinct().Count());
        Assert.True(File.Exists(Path.Combine(SiloProcess.LibraryCachePath(cluster.Settings, other.Name), registered.Sha256 + ".onnx")), cluster.Logs());
        foreach (var silo in cluster.Silos)
        {
            Assert.Equal(new long[] { 1, 10 }, (await silo.Inference.ModelInferAsync(Request("shared-mlp"))).Outputs[0].Shape);
        }
    }

    [Fact]
    public async Task The_library_survives_a_restart_of_every_silo_and_stays_private()
    {
        await using var cluster = await ProcessCluster.StartAsync(2);
        var owner = TenantSetup.UniqueId("keeper");
        var ownerKey = await TenantSetup.CreateWithKeyAsync(cluster.Silos[0].Tenants, owner);
        var otherKey = await TenantSetup.CreateWithKeyAsync(cluster.Silos[0].Tenants, TenantSetup.UniqueId("stranger"));
        var name = $"{owner}/kept";
        var registered = await LibraryUploads.RegisterAsync(Models(cluster.Silos[1], ownerKey), LibraryUploads.Header(name), LibraryFiles.Mlp());

        var exits = await cluster.StopAllAsync();
        Assert.All(exits, code => Assert.Equal(0, code));
        await cluster.AddSilosAsync(2);

        foreach (var silo in cluster.Silos)
        {
            var model = await Models(silo, ownerKey).GetModelAsync(new GetModelRequest { Name = name });
            Assert.Equal(registered.Sha256, Assert.Single(model.Versions).Sha256);
            var response = await silo.InferenceAs(ownerKey).ModelInferAsync(Request(name), deadline: DateTime.UtcNow.AddSeconds(60));
            Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
            await Assertions.FailsWith(StatusCode.NotFound, async () => await Models(silo, otherKey).GetModelAsync(new GetModelRequest { Name = name }));
        }
    }
}
