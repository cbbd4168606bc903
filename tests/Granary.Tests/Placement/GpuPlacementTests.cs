using Granary.Devices;
using Granary.Models;
using Granary.Models.Repository;

namespace Granary.Tests.Placement;

/// <summary>Where replicas land on a cluster of one CPU silo and two GPU silos of different memory.</summary>
public sealed class GpuPlacementTests
{
    [Fact]
    public async Task Gpu_models_land_only_on_gpu_silos_and_never_over_commit_device_memory()
    {
        // 3 GiB each: 2 fit the 8 GiB GPU and 5 the 16 GiB one, so 7 of 8 place and one cannot.
        var models = Enumerable.Range(0, 8).Select(i => $"pack-{i}").ToArray();
        await using var gpus = await GpuCluster.StartAsync(repository =>
        {
            foreach (var model in models)
            {
                GpuCluster.WriteModel(repository, model, GpuCluster.Gpu(memoryMib: 3 * 1024));
            }
        });

        var descriptors = await Task.WhenAll(models.Select(gpus.EnsureAsync));

        var states = descriptors.Select(d => d.Versions.Single().State).ToArray();
        Assert.Equal(7, states.Count(s => s == ModelVersionState.Ready));
        Assert.Equal(1, states.Count(s => s == ModelVersionState.Unplaceable));
        var replicas = (await Task.WhenAll(models.Select(gpus.ReplicasAsync))).SelectMany(r => r).ToArray();
        Assert.Equal(7, replicas.Length);
        Assert.All(replicas, r => Assert.NotEqual(GpuCluster.CpuSilo, gpus.SiloName(r)));
        foreach (var device in await gpus.GpuDevicesAsync())
        {
            Assert.True(device.ReservedBytes <= device.Device.MemoryBytes, $"{device.Device.Name}: {device.ReservedBytes} reserved of {device.Device.MemoryBytes}");
        }

        Assert.Equal(new[] { 2, 5 }, (await gpus.GpuDevicesAsync()).Select(d => d.Reservations.Count).Order());
    }

    [Fact]
    public async Task A_model_that_fits_nowhere_is_refused_with_a_message_naming_what_it_needs()
    {
        await using var gpus = await GpuCluster.StartAsync(repository =>
            GpuCluster.WriteModel(repository, "huge", GpuCluster.Gpu(memoryMib: 20 * 1024, labels: new() { ["region"] = "us" })));

        var version = (await gpus.EnsureAsync("huge")).Versions.Single();

        Assert.Equal(ModelVersionState.Unplaceable, version.State);
        Assert.StartsWith("no GPU silo with 20.0 GiB free in region=us for model 'huge'", version.Reason);
        var refusal = await Assert.ThrowsAsync<NoDeviceFitsException>(() => gpus.InferAsync(GpuCluster.CpuSilo, "huge"));
        Assert.Contains("20.0 GiB", refusal.Message);
        Assert.All(await gpus.GpuDevicesAsync(), d => Assert.Empty(d.Reservations));
    }

    [Fact]
    public async Task Replicas_of_one_model_spread_across_the_gpu_silos()
    {
        await using var gpus = await GpuCluster.StartAsync(repository =>
            GpuCluster.WriteModel(repository, "spread", GpuCluster.Gpu(memoryMib: 1024, replicas: 2)));

        await gpus.EnsureAsync("spread");

        var silos = (await gpus.ReplicasAsync("spread")).Select(gpus.SiloName).Order().ToArray();
        Assert.Equal(new[] { GpuCluster.SmallGpuSilo, GpuCluster.LargeGpuSilo }, silos);
    }

    [Fact]
    public async Task A_required_region_label_is_respected_even_when_another_region_has_room()
    {
        await using var gpus = await GpuCluster.StartAsync(repository =>
        {
            GpuCluster.WriteModel(repository, "eu-only", GpuCluster.Gpu(memoryMib: 2048, replicas: 2, labels: new() { ["region"] = "eu" }));
            GpuCluster.WriteModel(repository, "eu-too-big", GpuCluster.Gpu(memoryMib: 10 * 1024, labels: new() { ["region"] = "eu" }));
        });

        await gpus.EnsureAsync("eu-only");
        var tooBig = (await gpus.EnsureAsync("eu-too-big")).Versions.Single();

        Assert.All(await gpus.ReplicasAsync("eu-only"), r => Assert.Equal(GpuCluster.SmallGpuSilo, gpus.SiloName(r)));
        Assert.Equal(2, (await gpus.ReplicasAsync("eu-only")).Length);
        Assert.Equal(ModelVersionState.Unplaceable, tooBig.State);
        Assert.Contains("region=eu", tooBig.Reason);
    }

    [Fact]
    public async Task Killing_a_gpu_silo_re_places_its_replicas_on_the_other_gpu_silo()
    {
        await using var gpus = await GpuCluster.StartAsync(repository =>
            GpuCluster.WriteModel(repository, "survivor", GpuCluster.Gpu(memoryMib: 2048)));
        await gpus.EnsureAsync("survivor");
        var before = gpus.SiloName((await gpus.ReplicasAsync("survivor")).Single());
        var other = before == GpuCluster.SmallGpuSilo ? GpuCluster.LargeGpuSilo : GpuCluster.SmallGpuSilo;

        await gpus.Cluster.KillSiloAsync(gpus.Silo(before));
        await gpus.Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        await Infrastructure.Eventually.TrueAsync(
            async () => (await gpus.ReplicasAsync("survivor")) is [{ State: Replicas.ReplicaState.Ready } replica] && gpus.SiloName(replica) == other,
            TimeSpan.FromSeconds(60),
            $"the replica to be re-created on {other}");
        var response = await gpus.InferAsync(GpuCluster.CpuSilo, "survivor");
        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
    }
}
