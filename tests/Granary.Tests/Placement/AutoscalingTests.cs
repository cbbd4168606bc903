using Granary.Models;
using Granary.Models.Repository;
using Granary.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Granary.Tests.Placement;

/// <summary>The model controller adds replicas under sustained load, removes them when idle, and scales to zero.</summary>
public sealed class AutoscalingTests(ITestOutputHelper output)
{
    private const int Rows = 128;

    private static DeploymentConfig Elastic(int min, int max) => new()
    {
        Device = "gpu",
        MemoryMib = 1024,
        Replicas = Math.Max(min, 1),
        MinReplicas = min,
        MaxReplicas = max,
        MaxBatchSize = 1,
        Autoscaling = new AutoscalingConfig { TargetInFlight = 2, ScaleUpAfterS = 1, ScaleDownAfterIdleS = 2 },
    };

    [Fact]
    public async Task Sustained_load_adds_replicas_up_to_the_maximum_and_idleness_removes_them_down_to_the_minimum()
    {
        await using var gpus = await GpuCluster.StartAsync(repository =>
            GpuCluster.WriteModel(repository, "elastic", Elastic(min: 1, max: 2), TestModels.SlowSpec));
        await gpus.EnsureAsync("elastic");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var callers = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            for (var call = 0; call < 5_000 && !stop.IsCancellationRequested; call++)
            {
                await gpus.InferAsync(i % 2 == 0 ? GpuCluster.CpuSilo : GpuCluster.LargeGpuSilo, "elastic", Rows, 256);
            }
        })).ToArray();
        await Eventually.TrueAsync(async () => (await gpus.ReplicasAsync("elastic")).Length == 2, TimeSpan.FromSeconds(45), "a second replica under load");
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        var scaledUp = (await gpus.ReplicasAsync("elastic")).Select(gpus.SiloName).Order().ToArray();
        Assert.Equal(new[] { GpuCluster.SmallGpuSilo, GpuCluster.LargeGpuSilo }, scaledUp);
        await Eventually.TrueAsync(async () => (await gpus.ReplicasAsync("elastic")).Length == 1, TimeSpan.FromSeconds(30), "back to one replica when idle");
        await Eventually.TrueAsync(
            async () => (await gpus.GpuDevicesAsync()).Sum(d => d.Reservations.Count) == 1,
            TimeSpan.FromSeconds(60),
            "the retired replica's device memory to be released");
    }

    [Fact]
    public async Task A_model_with_min_replicas_zero_scales_to_zero_when_idle_and_cold_starts_on_the_next_call()
    {
        await using var gpus = await GpuCluster.StartAsync(repository =>
            GpuCluster.WriteModel(repository, "sleepy", Elastic(min: 0, max: 1)));
        await gpus.EnsureAsync("sleepy");
        Assert.Single(await gpus.ReplicasAsync("sleepy"));

        await Eventually.TrueAsync(async () => (await gpus.ReplicasAsync("sleepy")).Length == 0, TimeSpan.FromSeconds(30), "scale to zero");
        Assert.Equal(ModelVersionState.Ready, (await gpus.EnsureAsync("sleepy")).Versions.Single().State);
        await Eventually.TrueAsync(async () => (await gpus.GpuDevicesAsync()).All(d => d.Reservations.Count == 0), TimeSpan.FromSeconds(60), "the device memory of the last replica to be released");

        var coldStart = System.Diagnostics.Stopwatch.StartNew();
        var response = await gpus.InferAsync(GpuCluster.CpuSilo, "sleepy");
        output.WriteLine($"cold start: first call answered after {coldStart.ElapsedMilliseconds} ms");

        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
        Assert.Single(await gpus.ReplicasAsync("sleepy"));
    }
}
