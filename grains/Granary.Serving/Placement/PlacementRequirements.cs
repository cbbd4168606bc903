using Granary.Devices;
using Granary.Models;

namespace Granary.Placement;

public static class PlacementRequirements
{
    public static PlacementRequirement Of(DeploymentSpec deployment) => new(
        deployment.Device == "gpu" ? DeviceKind.Gpu : DeviceKind.Cpu,
        deployment.MemoryBytes,
        deployment.RequiredLabels);
}
