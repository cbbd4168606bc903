using Granary.Models.Repository;
using Granary.Models.Synthesis;

namespace Granary.Tests.Infrastructure;

/// <summary>Models the tests add to a silo's repository next to the demo models.</summary>
public static class TestModels
{
    /// <summary>The demo MLP with a queue delay, so concurrent callers are batched together.</summary>
    public const string BatchedMlp = "mlp-batched";

    /// <summary>A bigger MLP that runs one request at a time behind a queue of 2: easy to overload.</summary>
    public const string TinyQueueMlp = "mlp-tiny-queue";

    /// <summary>The same slow MLP with a deeper queue, for deadlines and statistics.</summary>
    public const string SlowMlp = "mlp-slow";

    /// <summary>The demo embedder with a queue delay, so requests of different sequence lengths queue together.</summary>
    public const string BatchedEmbedder = "embedder-batched";

    /// <summary>A model that needs a GPU, on a test silo that has none.</summary>
    public const string GpuOnly = "gpu-only";

    /// <summary>A model whose card lets only the tenant <see cref="PrivateModelTenant"/> see it.</summary>
    public const string PrivateModel = "private-mlp";

    public const string PrivateModelTenant = "owner-co";

    public static MlpSpec SlowSpec { get; } = new(Inputs: 256, Hidden: 1024, Layers: 4, Outputs: 10, Seed: 3);

    public static void WriteInto(string root)
    {
        DemoRepository.EnsureCreated(root);
        DemoRepository.WriteModel(root, BatchedMlp, 1, ModelSynthesizer.Mlp(MlpSpec.DemoClassifier), Config(maxBatch: 64, delayUs: 5000, queue: 1024));
        DemoRepository.WriteModel(root, BatchedEmbedder, 1, ModelSynthesizer.BagOfIdsEmbedder(), Config(maxBatch: 64, delayUs: 5000, queue: 1024));
        DemoRepository.WriteModel(root, TinyQueueMlp, 1, ModelSynthesizer.Mlp(SlowSpec), Config(maxBatch: 1, delayUs: 0, queue: 2));
        DemoRepository.WriteModel(root, SlowMlp, 1, ModelSynthesizer.Mlp(SlowSpec), Config(maxBatch: 1, delayUs: 0, queue: 1024));
        DemoRepository.WriteModel(root, PrivateModel, 1, ModelSynthesizer.Mlp(MlpSpec.DemoClassifier), new ModelConfig
        {
            Description = "one tenant's model",
            Tenants = [PrivateModelTenant],
        });
        DemoRepository.WriteModel(root, GpuOnly, 1, ModelSynthesizer.Mlp(MlpSpec.DemoClassifier), new ModelConfig
        {
            Description = "needs a GPU",
            Deployment = new DeploymentConfig { Device = "gpu", MemoryMib = 6 * 1024 },
        });
    }

    private static ModelConfig Config(int maxBatch, long delayUs, int queue) => new()
    {
        Description = "test model",
        Deployment = new DeploymentConfig
        {
            MaxBatchSize = maxBatch,
            DynamicBatching = new DynamicBatchingConfig { MaxQueueDelayUs = delayUs, MaxQueueSize = queue },
        },
    };
}
