using Granary.Control;
using Granary.Devices;
using Granary.Inference;
using Granary.Replicas;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Granary.Placement;

/// <summary>
/// Chooses the silo and device for a new replica activation and reserves the memory there before the
/// replica exists, so concurrent placements never over-commit a device.
/// <list type="number">
/// <item>Candidates: live silos whose labels carry the model's required labels, and their devices of the model's class.</item>
/// <item>Spread first: silos hosting fewer replicas of the same model version come first, so one dead silo takes few of them.</item>
/// <item>GPUs then best fit: the device left with the least free memory after the reservation. GPU memory is the
/// scarce resource; packing keeps whole devices free for large models and lets idle devices be released, where
/// least-loaded would spread every model thin and fragment memory until a large model fits nowhere.</item>
/// <item>CPUs then least loaded: fewest replicas, most free memory. CPU replicas compete for cores, not memory,
/// so packing them onto one silo would leave the others' cores idle.</item>
/// </list>
/// The device grain has the last word: a reservation that lost a race moves on to the next candidate.
/// Nothing fits: <see cref="NoDeviceFitsException"/>, never a silent landing on a device of another class.
/// </summary>
public sealed class ReplicaPlacementDirector(
    ModelRepository repository,
    ISiloMetadataCache metadata,
    ILocalSiloDetails localSilo,
    LocalSiloMetadata localMetadata,
    IGrainFactory grains) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var replicaId = target.GrainIdentity.Key.ToString()!;
        var key = ReplicaKey.Parse(replicaId);
        var model = repository.Find(key.Model) ?? throw new ModelNotFoundException($"model '{key.Model}' not found");
        var requirement = PlacementRequirements.Of(model.Deployment);

        var devices = context.GetCompatibleSilos(target)
            .Select(silo => (Silo: silo, Metadata: MetadataOf(silo)))
            .Where(c => requirement.AcceptsLabels(SiloLabels.Labels(c.Metadata)))
            .SelectMany(c => DeviceMetadata.Read(c.Metadata).Where(requirement.Accepts).Select(d => new DeviceKey(c.Silo.ToParsableString(), d.Index)))
            .ToArray();
        var states = (await Task.WhenAll(devices.Select(StateOrNullAsync))).OfType<DeviceState>().ToArray();

        if (states.FirstOrDefault(s => s.Reservations.Any(r => r.ReplicaId == replicaId)) is { } held)
        {
            return SiloAddress.FromParsableString(held.Silo);
        }

        var siblingPrefix = $"{key.Model}/{key.Version}/";
        var siblingsBySilo = states.GroupBy(s => s.Silo)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Reservations.Count(r => r.ReplicaId.StartsWith(siblingPrefix, StringComparison.Ordinal))));
        var fitting = states.Where(s => s.FreeBytes >= requirement.MemoryBytes).OrderBy(s => siblingsBySilo[s.Silo]);
        var ordered = requirement.Kind == DeviceKind.Gpu
            ? fitting.ThenBy(s => s.FreeBytes - requirement.MemoryBytes).ThenBy(s => s.Key, StringComparer.Ordinal)
            : fitting.ThenBy(s => s.Reservations.Count).ThenByDescending(s => s.FreeBytes).ThenBy(s => s.Key, StringComparer.Ordinal);
        foreach (var candidate in ordered)
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
