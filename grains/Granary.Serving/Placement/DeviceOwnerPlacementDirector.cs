using Granary.Devices;
using Orleans.Runtime.Placement;

namespace Granary.Placement;

/// <summary>A device grain lives on its owner silo or nowhere: a device of a silo that is gone is not re-created elsewhere.</summary>
public sealed class DeviceOwnerPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var owner = SiloAddress.FromParsableString(DeviceKey.Parse(target.GrainIdentity.Key.ToString()!).Silo);
        return context.GetCompatibleSilos(target).Contains(owner)
            ? Task.FromResult(owner)
            : throw new SiloUnavailableException($"silo {owner} that owns device {target.GrainIdentity.Key} is not active");
    }
}
