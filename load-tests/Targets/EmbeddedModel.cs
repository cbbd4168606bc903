using Granary.Models.Repository;
using Granary.Models.Synthesis;

namespace Granary.LoadTests.Targets;

/// <summary>The synthetic MLP written as version 1 into a fresh model repository, with its deployment in model.json.</summary>
public sealed record EmbeddedModel(string RepositoryPath, string ModelFile, ModelShape Shape)
{
    public const long Version = 1;

    public static EmbeddedModel Write(BenchmarkOptions options, string workDirectory)
    {
        var repository = Path.Combine(workDirectory, "models");
        var spec = options.ModelSize;
        var deployment = options.Deployment;
        var config = new ModelConfig
        {
            Description = $"Load-test MLP {ModelSize.Format(spec)} (inputs x layers x hidden x outputs), seed {spec.Seed}.",
            License = "Apache-2.0",
            Owner = "granary-load-tests",
            Deployment = new DeploymentConfig
            {
                Replicas = 1,
                Instances = deployment.Instances,
                IntraOpThreads = deployment.IntraOpThreads,
                MaxBatchSize = deployment.MaxBatchSize,
                DynamicBatching = new DynamicBatchingConfig { MaxQueueDelayUs = deployment.MaxQueueDelayUs },
            },
        };
        DemoRepository.WriteModel(repository, options.Model, Version, ModelSynthesizer.Mlp(spec), config);
        return new EmbeddedModel(repository, ModelRepositoryLayout.ModelPath(repository, options.Model, Version), ModelShape.Of(spec));
    }
}
