using Granary.Control;
using Granary.Devices;
using Granary.Inference;
using Granary.Replicas;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Granary.Placement;

/// <summary>
/// Chooses the silo and device for a new replica activation and reserves the memory there before the
/// replica exists, so concurrent placements never over-commit a device. Devices are tried in
/// <see cref="PlacementOrder"/>, among live silos only; the device grain has the last word: a reservation
/// that lost a race moves on to the next candidate. Nothing fits: <see cref="NoDeviceFitsException"/>,
/// never a silent landing on a device of another class.
/// </summary>
public sealed class ReplicaPlacementDirector(
    ModelCatalog catalog,
    ISiloMetadataCache metadata,
    ILocalSiloDetails localSilo,
    LocalSiloMetadata localMetadata,
    IGrainFactory grains) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var replicaId = target.GrainIdentity.Key.ToString()!;
        var key = ReplicaKey.Parse(replicaId);
        var model = await catalog.FindAsync(key.Model) ?? throw new ModelNotFoundException($"model '{key.Model}' not found");
        var requirement = PlacementRequirements.Of(await ModelDeployment.CurrentAsync(grains, model), key);

        var devices = PlacementOrder.Candidates(requirement, context.GetCompatibleSilos(target).Select(silo => (silo.ToParsableString(), MetadataOf(silo))))
            .ToArray();
        var states = (await Task.WhenAll(devices.Select(StateOrNullAsync))).OfType<DeviceState>().ToArray();

        if (states.FirstOrDefault(s => s.Reservations.Any(r => r.ReplicaId == replicaId)) is { } held)
        {
            return SiloAddress.FromParsableString(held.Silo);
        }

        foreach (var candidate in PlacementOrder.Order(key, requirement, states))
        {
            if (await grains.GetGrain<IDeviceGrain>(candidate.Key).TryReserveAsync(replicaId, requirement.MemoryBytes))
            {
                return SiloAddress.FromParsableString(candidate.Silo);
            }
        }

        throw new NoDeviceFitsException(NoFitMessage(key.Model, requirement, states));
    }

    public static string NoFitMessage(string model, PlacementRequirement requirement, IReadOnlyList<DeviceState> candidates)
    {
        var seen = candidates.Count == 0
            ? "no live silo has such a device"
            : "largest free: " + string.Join(", ", candidates.OrderByDescending(c => c.FreeBytes).Take(3)
                .Select(c => $"{c.SiloName} {c.Device.Name} {c.FreeBytes / (double)(1L << 30):0.0} GiB"));
        return $"no {requirement.Describe()} for model '{model}' ({seen})";
    }

    /// <summary>A device whose silo is leaving or unreachable is no candidate.</summary>
    private async Task<DeviceState?> StateOrNullAsync(DeviceKey device)
    {
        try
        {
            return await grains.GetGrain<IDeviceGrain>(device.ToString()).GetStateAsync();
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            return null;
        }
    }

    private IReadOnlyDictionary<string, string> MetadataOf(SiloAddress silo) =>
        silo.Equals(localSilo.SiloAddress) ? localMetadata.Values : metadata.GetSiloMetadata(silo).Metadata;
}
