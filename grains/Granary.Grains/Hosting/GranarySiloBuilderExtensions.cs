using Granary.Control;
using Granary.Devices;
using Granary.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Granary.Hosting;

public static class GranarySiloBuilderExtensions
{
    /// <summary>
    /// Everything a Granary silo hosts: the serving services, this silo's devices and labels published as
    /// silo metadata (with <paramref name="metadata"/> from the host, such as its gRPC endpoint), the
    /// device and replica placement directors, and the supervisor that keeps every model's replicas placed.
    /// </summary>
    public static ISiloBuilder AddGranary(this ISiloBuilder silo, IConfiguration configuration, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        var inventory = DeviceInventory.Discover(configuration);
        var published = SiloLabels.Metadata(configuration)
            .Concat(DeviceMetadata.Write(inventory.Devices))
            .Concat(metadata ?? [])
            .ToDictionary(StringComparer.Ordinal);
        silo.Services.AddGranaryServing(configuration);
        silo.Services.AddSingleton(inventory);
        silo.Services.AddSingleton(new LocalSiloMetadata(published));
        silo.Services.AddSingleton<LocalReplicas>();
        silo.Services.AddHostedService<ModelSupervisor>();
        silo.UseSiloMetadata(published);
        silo.AddPlacementDirector<DeviceOwnerPlacement, DeviceOwnerPlacementDirector>();
        silo.AddPlacementDirector<ReplicaPlacement, ReplicaPlacementDirector>();
        return silo;
    }
}
