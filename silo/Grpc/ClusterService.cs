using System.Globalization;
using Granary.Control;
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
    ModelRepository repository,
    IGrainFactory grains) : Protocol.V1.Cluster.ClusterBase
{
    public override Task<ListSilosResponse> ListSilos(ListSilosRequest request, ServerCallContext context)
    {
        var response = new ListSilosResponse();
        foreach (var member in membership.CurrentSnapshot.Members.Values
                     .Where(m => m.Status is not (SiloStatus.Dead or SiloStatus.None))
                     .OrderBy(m => m.Name, StringComparer.Ordinal))
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
            response.Silos.Add(info);
        }

        return Task.FromResult(response);
    }

    public override async Task<ListReplicasResponse> ListReplicas(ListReplicasRequest request, ServerCallContext context)
    {
        IReadOnlyList<string> names = request.Model.Length > 0 ? [request.Model] : repository.ModelNames();
        var response = new ListReplicasResponse();
        foreach (var name in names)
        {
            var model = await router.GetModelAsync(name);
            foreach (var version in model.Versions)
            {
                var statuses = await Task.WhenAll(version.ReplicaIds.Select(StatusOrNullAsync));
                response.Replicas.Add(statuses.OfType<ReplicaStatus>().Select(s => Describe(model, version, s)));
            }
        }

        return response;
    }

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
    };

    private static string ScreamingCase(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : char.ToUpperInvariant(c).ToString()));
}
