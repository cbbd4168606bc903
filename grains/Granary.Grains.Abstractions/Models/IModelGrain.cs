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

    /// <summary>Loads every version's replicas, waiting until each is ready or failed; returns the result.</summary>
    [Alias("EnsureReplicas")]
    Task<ModelDescriptor?> EnsureReplicasAsync();
}
