namespace Granary.Models;

/// <summary>
/// One per model name: the desired state of a model (its versions, card, deployment) and the replicas
/// serving it. It is the controller, never on the request path: silos cache its descriptor.
/// </summary>
[Alias("granary.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>The model as it stands, or null when the repository has no such model.</summary>
    [Alias("GetDescriptor")]
    Task<ModelDescriptor?> GetDescriptorAsync();

    /// <summary>Loads every version's initial replicas, waiting until each is ready or failed; returns the result.</summary>
    [Alias("EnsureReplicas")]
    Task<ModelDescriptor?> EnsureReplicasAsync();

    /// <summary>A cold start: brings a version scaled to zero back to one replica and answers once it is ready.</summary>
    [Alias("Wake")]
    Task<ModelDescriptor?> WakeAsync();

    /// <summary>
    /// Data residency: makes sure the version has a ready replica pinned to <paramref name="region"/> (placed only on
    /// silos labelled <c>region=</c>that), starting one like a cold start; answers once it is ready. Throws
    /// <see cref="Devices.NoDeviceFitsException"/> naming the region when no silo there can host it.
    /// </summary>
    [Alias("EnsureRegion")]
    Task<ModelDescriptor?> EnsureRegionAsync(long version, string region);

    /// <summary>Whether the replica is one the model wants now; a replica activated for a call after it was retired is not.</summary>
    [Alias("IsDesired")]
    Task<bool> IsDesiredAsync(string replicaId);

    /// <summary>Keeps the controller active and reconciling: every silo calls this now and then, so a controller lost with its silo comes back.</summary>
    [Alias("Supervise")]
    Task SuperviseAsync();

    /// <summary>Changes the replica counts and the version policy; versions the policy leaves out are unloaded. Answers after one reconcile round.</summary>
    [Alias("SetDeployment")]
    Task<ModelDescriptor> SetDeploymentAsync(DeploymentChange change);

    /// <summary>Sets the share of unpinned requests each version serves (percentages adding up to 100); empty clears the split.</summary>
    [Alias("SetTraffic")]
    Task<ModelDescriptor> SetTrafficAsync(IReadOnlyList<TrafficShare> shares);

    /// <summary>Brings an unloaded model back with its deployment's replicas; answers once they are loaded.</summary>
    [Alias("Load")]
    Task<ModelDescriptor> LoadAsync();

    /// <summary>Stops serving the model: its replicas are retired and calls are refused until it is loaded again.</summary>
    [Alias("Unload")]
    Task<ModelDescriptor> UnloadAsync();

    /// <summary>
    /// Reads the model again from its source (the library changed it): new versions get replicas, a deleted
    /// version's replicas are retired, and the answer comes once the new state has been reconciled once.
    /// </summary>
    [Alias("Reload")]
    Task<ModelDescriptor?> ReloadAsync();
}
