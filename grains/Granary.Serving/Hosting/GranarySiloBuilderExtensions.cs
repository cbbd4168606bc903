using Granary.Tenants.Plans;
using Granary.Replicas.Local;
using Granary.Control;
using Granary.Devices;
using Granary.Placement;
using Granary.Tenants.Admission;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Granary.Storage;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Newtonsoft.Json.Serialization;
using Orleans.Serialization;

namespace Granary.Hosting;

public static class GranarySiloBuilderExtensions
{
    /// <summary>
    /// Everything a Granary silo hosts: the serving services, this silo's devices and labels published as
    /// silo metadata (with <paramref name="metadata"/> from the host, such as its gRPC endpoint), the
    /// device and replica placement directors, the supervisor that keeps every model's replicas placed, and
    /// the silo-local halves of authentication and quota (key cache, quota gates, key-use batching), and the usage ledger.
    /// </summary>
    public static ISiloBuilder AddGranary(this ISiloBuilder silo, IConfiguration configuration, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        var inventory = DeviceInventory.Discover(configuration);
        var published = SiloLabels.Metadata(configuration)
            .Concat(DeviceMetadata.Write(inventory.Devices))
            .Concat(metadata ?? [])
            .ToDictionary(StringComparer.Ordinal);
        silo.Services.AddGranaryServing(configuration);
        silo.Services.AddGranaryTelemetry(configuration);
        silo.Services.AddSingleton(inventory);
        silo.Services.AddSingleton(new LocalSiloMetadata(published));
        silo.Services.AddSingleton<LocalReplicaActivations>();
        silo.Services.AddHostedService<ModelSupervisor>();
        silo.Services.AddValidatedOptions<AuthOptions, AuthOptionsValidator>(configuration, AuthOptions.Section);
        silo.Services.AddSingleton<KeyUsage>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<KeyUsage>());
        silo.Services.AddSingleton<QuotaGates>();
        silo.Services.AddHostedService(sp => sp.GetRequiredService<QuotaGates>());
        silo.Services.AddHostedService<PlanLimitsSync>();
        silo.Services.AddSingleton<FailedAuthentications>();
        silo.Services.AddSingleton<KeyLookupBudget>();
        silo.Services.AddSingleton<CallerDirectory>();
        silo.Services.AddGranaryUsage(configuration);
        silo.Services.AddGranaryFrontDoor();
        silo.Services.PostConfigure<OrleansJsonSerializerOptions>(json =>
        {
            json.JsonSerializerSettings.SerializationBinder = new RenamedAssemblyBinder(json.JsonSerializerSettings.SerializationBinder ?? new DefaultSerializationBinder());

            // Newtonsoft fills an object a property already holds (Reuse). A state's default is often a shared
            // instance (QuotaLimits.Unlimited), which reading a stored state would then overwrite for the whole process.
            json.JsonSerializerSettings.ObjectCreationHandling = Newtonsoft.Json.ObjectCreationHandling.Replace;
        });
        silo.UseSiloMetadata(published);
        silo.AddPlacementDirector<DeviceOwnerPlacement, DeviceOwnerPlacementDirector>();
        silo.AddPlacementDirector<ReplicaPlacement, ReplicaPlacementDirector>();

        // Last, so that the ledger's store, registered above, is the one reports read.
        silo.Services.AddGranaryPlansAndReports(configuration);
        return silo;
    }
}
