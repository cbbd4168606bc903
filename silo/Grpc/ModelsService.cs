using System.Globalization;
using Granary.Control;
using Granary.FrontDoor;
using Granary.Models;
using Granary.Protocol.V1;
using Granary.Routing;
using Grpc.Core;

namespace Granary.Silo.Grpc;

/// <summary>granary.v1.Models: what the cluster serves, with cards, deployments and version states.</summary>
public sealed class ModelsService(GranaryFrontDoor door, ModelRouter router, ModelCatalog catalog) : Protocol.V1.Models.ModelsBase
{
    public override async Task<ListModelsResponse> ListModels(ListModelsRequest request, ServerCallContext context)
    {
        var caller = GrpcCredentials.CallerOf(context);
        var response = new ListModelsResponse();
        foreach (var name in await catalog.ModelNamesAsync())
        {
            var model = await router.GetModelAsync(name);
            if (caller.CanSee(model))
            {
                response.Models.Add(Describe(model));
            }
        }

        return response;
    }

    public override async Task<ModelInfo> GetModel(GetModelRequest request, ServerCallContext context) =>
        Describe(await door.GetVisibleModelAsync(GrpcCredentials.CallerOf(context), request.Name));

    private static ModelInfo Describe(ModelDescriptor model)
    {
        var deployment = model.Deployment;
        var info = new ModelInfo
        {
            Name = model.Name,
            Description = model.Description,
            License = model.License,
            Owner = model.Owner,
            Deployment = new Deployment
            {
                Replicas = deployment.Replicas,
                Instances = deployment.Instances,
                IntraOpThreads = deployment.IntraOpThreads,
                MaxBatchSize = deployment.MaxBatchSize,
                MaxQueueDelayUs = deployment.MaxQueueDelayUs,
                PreferredBatchSizes = { deployment.PreferredBatchSizes },
                MaxQueueSize = deployment.MaxQueueSize,
                Device = deployment.Device,
            },
        };
        info.Versions.Add(model.Versions.Select(v => new ModelVersionInfo
        {
            Version = v.Version.ToString(CultureInfo.InvariantCulture),
            State = v.State.ToString().ToUpperInvariant(),
            Reason = v.Reason,
            Replicas = v.ReplicaIds.Count,
        }));
        return info;
    }
}
