using Granary.Models.Repository;
using Granary.Models.Synthesis;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;

namespace Granary.Tests.Cluster;

/// <summary>The demo MLP deployed with two replicas, for the tests of where replicas are and what survives a silo.</summary>
public static class TwinModel
{
    public const string Name = "twin-mlp";

    public static ModelInferRequest Request() => Requests.RawFp32(Name, "input", new float[64], 1, 64);

    public static void WriteInto(string root) =>
        DemoRepository.WriteModel(root, Name, 1, ModelSynthesizer.Mlp(MlpSpec.DemoClassifier), new ModelConfig { Deployment = new DeploymentConfig { Replicas = 2 } });

    /// <summary>Adds the model to a running cluster's repository (written elsewhere, then moved in, as the README says to).</summary>
    public static void AddTo(ProcessCluster cluster)
    {
        var staging = Path.Combine(cluster.Settings.WorkDirectory, "staging");
        WriteInto(staging);
        Directory.Move(Path.Combine(staging, Name), Path.Combine(cluster.Settings.RepositoryRoot, Name));
    }

    /// <summary>The silo names of the model's replicas, as <paramref name="entry"/> lists them.</summary>
    public static async Task<string[]> HostsAsync(SiloProcess entry) =>
        (await entry.Cluster.ListReplicasAsync(new ListReplicasRequest { Model = Name })).Replicas.Select(r => r.SiloName).ToArray();
}
