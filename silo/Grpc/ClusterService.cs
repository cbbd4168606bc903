using System.Globalization;
using Granary.Control;
using Granary.Devices;
using Granary.Models;
using Granary.Protocol.V1;
using Granary.Replicas;
using Granary.Routing;
using Granary.Placement;
using Grpc.Core;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Granary.Silo.Grpc;

/// <summary>granary.v1.Cluster: the silos in the membership and the replicas they host.</summary>
public sealed class ClusterService(
    IClusterMembershipService membership,
    ISiloMetadataCache metadata,
    ModelRouter router,
    ModelCatalog catalog,
    IGrainFactory grains) : Protocol.V1.Cluster.ClusterBase
{
    public override Task<ListSilosResponse> ListSilos(ListSilosRequest request, ServerCallContext context)
    {
        var response = new ListSilosResponse();
        foreach (var member in LiveMembers())
        {
            var declared = metadata.GetSiloMetadata(member.SiloAddress).Metadata;
            var info = new SiloInfo
            {
                Address = member.SiloAddress.ToParsableString(),
                Name = member.Name,
                Status = ScreamingCase(member.Status.ToString()),
                GrpcEndpoint = declared.GetValueOrDefault(SiloLabels.GrpcEndpointKey, ""),
            };
            info.Labels.Add(SiloLabels.Labels(declared));
            // The silo's devices as it declared them; their reservations are in ListDevices.
            var address = member.SiloAddress.ToParsableString();
            info.Devices.Add(DeviceMetadata.Read(declared)
                .Select(d => Describe(new DeviceState(new DeviceKey(address, d.Index).ToString(), address, member.Name, d, [], -1, -1))));
            response.Silos.Add(info);
        }

        return Task.FromResult(response);
    }

    public override async Task<ListDevicesResponse> ListDevices(ListDevicesRequest request, ServerCallContext context)
    {
        var keys = ActiveMembers()
            .SelectMany(m => DeviceMetadata.Read(metadata.GetSiloMetadata(m.SiloAddress).Metadata).Select(d => new DeviceKey(m.SiloAddress.ToParsableString(), d.Index)))
            .ToArray();
        var states = await Task.WhenAll(keys.Select(k => grains.GetGrain<IDeviceGrain>(k.ToString()).GetStateAsync()));
        var response = new ListDevicesResponse();
        response.Devices.Add(states.Select(Describe));
        return response;
    }

    public override async Task<ListReplicasResponse> ListReplicas(ListReplicasRequest request, ServerCallContext context)
    {
        IReadOnlyList<string> names = request.Model.Length > 0 ? [request.Model] : await catalog.ModelNamesAsync();
        var response = new ListReplicasResponse();
        foreach (var name in names)
        {
            var model = await router.GetModelAsync(name);
            foreach (var version in model.Versions)
            {
                var statuses = await Task.WhenAll(version.ReplicaIds.Concat(version.RegionalReplicaIds ?? []).Select(StatusOrNullAsync));
                response.Replicas.Add(statuses.OfType<ReplicaStatus>().Select(s => Describe(model, version, s)));
            }
        }

        return response;
    }

    private IEnumerable<ClusterMember> LiveMembers() =>
        membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status is not (SiloStatus.Dead or SiloStatus.None))
            .OrderBy(m => m.Name, StringComparer.Ordinal);

    private IEnumerable<ClusterMember> ActiveMembers() => LiveMembers().Where(m => m.Status == SiloStatus.Active);

    /// <summary>A replica retired or moving between the controller's answer and this call is left out.</summary>
    private async Task<ReplicaStatus?> StatusOrNullAsync(string replicaId)
    {
        try
        {
            return await grains.GetGrain<IModelReplicaGrain>(replicaId).GetStatusAsync();
        }
        catch (Exception e) when (e is OrleansMessageRejectionException or SiloUnavailableException)
        {
            return null;
        }
    }

    private static ReplicaInfo Describe(ModelDescriptor model, ModelVersionDescriptor version, ReplicaStatus status) => new()
    {
        Id = status.ReplicaId,
        Model = model.Name,
        Version = version.Version.ToString(CultureInfo.InvariantCulture),
        Silo = status.Silo,
        SiloName = status.SiloName,
        State = status.State.ToString().ToUpperInvariant(),
        InFlight = status.InFlight,
        Queued = status.Queued,
        ExecutionProvider = status.ExecutionProvider,
        Device = status.Device,
        DeviceName = status.DeviceName,
    };

    private static DeviceInfo Describe(DeviceState state)
    {
        var info = new DeviceInfo
        {
            Id = state.Key,
            SiloName = state.SiloName,
            Index = state.Device.Index,
            Kind = state.Device.Kind.ToString().ToUpperInvariant(),
            Name = state.Device.Name,
            Source = state.Device.Source,
            MemoryTotalBytes = state.Device.MemoryBytes,
            MemoryReservedBytes = state.ReservedBytes,
            MemoryUsedBytes = state.MemoryUsedBytes,
            UtilizationPercent = state.UtilizationPercent,
        };
        info.Reservations.Add(state.Reservations.Select(r => new Protocol.V1.DeviceReservation { Replica = r.ReplicaId, MemoryBytes = r.MemoryBytes }));
        return info;
    }

    private static string ScreamingCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
