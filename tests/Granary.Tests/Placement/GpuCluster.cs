using Granary.Devices;
using Granary.Hosting;
using Granary.Inference;
using Granary.Models;
using Granary.Models.Repository;
using Granary.Models.Synthesis;
using Granary.Replicas;
using Granary.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace Granary.Tests.Placement;

/// <summary>
/// Three differently equipped silos in one Orleans test cluster, sharing a model repository:
/// Silo_0 has only its CPU (region us), Silo_1 one declared 8 GiB GPU (region eu), Silo_2 one declared
/// 16 GiB GPU (region us). Declared devices take the same code path as devices found through NVML.
/// </summary>
public sealed class GpuCluster : IAsyncDisposable
{
    public const string CpuSilo = "Silo_0";
    public const string SmallGpuSilo = "Silo_1";
    public const string LargeGpuSilo = "Silo_2";

    private readonly string _repository;

    private GpuCluster(string repository, InProcessTestCluster cluster)
    {
        _repository = repository;
        Cluster = cluster;
    }

    public InProcessTestCluster Cluster { get; }

    public IGrainFactory Grains => Cluster.Client;

    public static async Task<GpuCluster> StartAsync(Action<string> writeModels)
    {
        var repository = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(repository);
        writeModels(repository);
        var builder = new InProcessTestClusterBuilder(3);
        // Model controllers keep what admins set on a model in grain storage.
        builder.ConfigureSilo((options, silo) => silo.AddGranary(Configuration(options.SiloName, repository)).AddMemoryGrainStorageAsDefault());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var started = new GpuCluster(repository, cluster);
        await started.WaitForMetadataAsync();
        return started;
    }

    public static void WriteModel(string repository, string name, DeploymentConfig deployment, MlpSpec? spec = null) =>
        DemoRepository.WriteModel(repository, name, 1, ModelSynthesizer.Mlp(spec ?? MlpSpec.DemoClassifier), new ModelConfig { Description = "placement test", Deployment = deployment });

    public static DeploymentConfig Gpu(long memoryMib, int replicas = 1, Dictionary<string, string>? labels = null) =>
        new() { Device = "gpu", MemoryMib = memoryMib, Replicas = replicas, RequiredLabels = labels ?? [] };

    public string SiloName(ReplicaStatus replica) => Cluster.Silos.Single(s => s.SiloAddress.ToParsableString() == replica.Silo).Name;

    public InProcessSiloHandle Silo(string name) => Cluster.Silos.Single(s => s.Name == name);

    public async Task<ModelDescriptor> EnsureAsync(string model) =>
        await Grains.GetGrain<IModelGrain>(model).EnsureReplicasAsync() ?? throw new InvalidOperationException($"no model {model}");

    /// <summary>The ready replicas the controller lists; read again if one is retired between the two reads.</summary>
    public async Task<ReplicaStatus[]> ReplicasAsync(string model)
    {
        for (var attempt = 1; ; attempt++)
        {
            var descriptor = await Grains.GetGrain<IModelGrain>(model).GetDescriptorAsync();
            try
            {
                return await Task.WhenAll(descriptor!.Versions.SelectMany(v => v.ReplicaIds).Select(id => Grains.GetGrain<IModelReplicaGrain>(id).GetStatusAsync()));
            }
            catch (OrleansMessageRejectionException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }

    public async Task<DeviceState[]> GpuDevicesAsync() =>
        await Task.WhenAll(Cluster.Silos.Where(s => s.Name != CpuSilo).Select(s => Grains.GetGrain<IDeviceGrain>(new DeviceKey(s.SiloAddress.ToParsableString(), 0).ToString()).GetStateAsync()));

    /// <summary>One inference through a silo's router, as a gRPC call entering that silo would make it.</summary>
    public async Task<InferenceResponse> InferAsync(string entrySilo, string model, int rows = 1, int columns = 64)
    {
        var router = Silo(entrySilo).ServiceProvider.GetRequiredService<ModelRouter>();
        var (descriptor, version) = await router.ResolveAsync(model, "");
        var request = new InferenceRequest(model, version.Version, [new Tensor("input", "FP32", [rows, columns], new byte[rows * columns * 4])], [], null);
        return await router.InferAsync(InferenceRequestValidator.Validate(request, version, descriptor.Deployment), version, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_repository, recursive: true);
    }

    private static IConfiguration Configuration(string silo, string repository)
    {
        // Each cluster its own state path: two clusters' silos share names (Silo_0...), and a usage log is locked by its silo.
        var settings = new Dictionary<string, string?> { ["Granary:Repository:Path"] = repository, ["Granary:State:Path"] = Path.Combine(repository, ".state") };
        switch (silo)
        {
            case CpuSilo:
                settings["Granary:Labels:region"] = "us";
                break;
            case SmallGpuSilo:
                settings["Granary:Labels:region"] = "eu";
                settings["Granary:Devices:0:Kind"] = "gpu";
                settings["Granary:Devices:0:Name"] = "gpu-8g";
                settings["Granary:Devices:0:MemoryGiB"] = "8";
                break;
            default:
                settings["Granary:Labels:region"] = "us";
                settings["Granary:Devices:0:Kind"] = "gpu";
                settings["Granary:Devices:0:Name"] = "gpu-16g";
                settings["Granary:Devices:0:MemoryGiB"] = "16";
                break;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    /// <summary>Silo metadata spreads through membership a moment after start; placement reads it.</summary>
    private Task WaitForMetadataAsync() =>
        Infrastructure.Eventually.TrueAsync(
            () => Task.FromResult(Cluster.Silos.All(s =>
            {
                var cache = s.ServiceProvider.GetRequiredService<ISiloMetadataCache>();
                return Cluster.Silos.All(other => cache.GetSiloMetadata(other.SiloAddress).Metadata.ContainsKey("device.0"));
            })),
            TimeSpan.FromSeconds(30),
            "every silo to see every silo's devices");
}
