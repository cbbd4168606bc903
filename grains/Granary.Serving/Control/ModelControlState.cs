using Granary.Models;

namespace Granary.Control;

/// <summary>
/// What admins set on a model over the API, kept by its controller in grain storage (so every silo and every
/// restart sees it): it overrides the deployment in <c>model.json</c>, and adds the traffic split and the unload.
/// </summary>
[GenerateSerializer, Alias("granary.ModelControlState")]
public sealed class ModelControlState
{
    [Id(0)]
    public int? Replicas { get; set; }

    [Id(1)]
    public int? MinReplicas { get; set; }

    [Id(2)]
    public int? MaxReplicas { get; set; }

    [Id(3)]
    public VersionPolicy? Policy { get; set; }

    [Id(4)]
    public List<TrafficShare> Traffic { get; set; } = [];

    [Id(5)]
    public bool Unloaded { get; set; }

    [Id(6)]
    public string? Device { get; set; }

    [Id(7)]
    public long? MemoryMib { get; set; }

    /// <summary>The deployment as it stands: the repository's, with what admins changed on top.</summary>
    public DeploymentSpec Apply(DeploymentSpec repository)
    {
        var replicas = Replicas ?? repository.Replicas;
        return repository with
        {
            Replicas = replicas,
            MinReplicas = MinReplicas ?? Math.Min(repository.MinReplicas, replicas),
            MaxReplicas = MaxReplicas ?? Math.Max(repository.MaxReplicas, replicas),
            Policy = Policy ?? repository.Policy,
            Device = Device ?? repository.Device,
            MemoryBytes = MemoryMib is { } mib ? mib << 20 : repository.MemoryBytes,
        };
    }

    public VersionRouting Routing => Traffic.Count == 0 && !Unloaded ? VersionRouting.Default : new VersionRouting(Traffic.ToArray(), Unloaded);
}
