using Granary.Models;

namespace Granary.Control;

/// <summary>
/// A model's deployment as it stands, for placing and loading a replica: its controller's, which carries what
/// admins changed (device class, memory) over <c>model.json</c>; the repository's when the controller has none.
/// </summary>
public static class ModelDeployment
{
    public static async Task<DeploymentSpec> CurrentAsync(IGrainFactory grains, RepositoryModel model) =>
        (await grains.GetGrain<IModelGrain>(model.Name).GetDescriptorAsync())?.Deployment ?? model.Deployment;
}
