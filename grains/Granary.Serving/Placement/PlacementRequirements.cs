using Granary.Devices;
using Granary.Models;
using Granary.Replicas;

namespace Granary.Placement;

public static class PlacementRequirements
{
    public static PlacementRequirement Of(DeploymentSpec deployment) => new(
        deployment.Device == "gpu" ? DeviceKind.Gpu : DeviceKind.Cpu,
        deployment.MemoryBytes,
        deployment.RequiredLabels);

    /// <summary>What one replica needs: its model's requirement, plus <c>region=R</c> for a replica pinned to region R.</summary>
    public static PlacementRequirement Of(DeploymentSpec deployment, ReplicaKey replica)
    {
        var requirement = Of(deployment);
        if (replica.Region.Length == 0)
        {
            return requirement;
        }

        var labels = new Dictionary<string, string>(requirement.RequiredLabels, StringComparer.Ordinal) { [ReplicaKey.RegionLabel] = replica.Region };
        return requirement with { RequiredLabels = labels };
    }
}
