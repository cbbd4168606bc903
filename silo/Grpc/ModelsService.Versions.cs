using Granary.Models;
using Granary.Protocol.V1;
using Granary.Tenants;
using Grpc.Core;
using TrafficShare = Granary.Protocol.V1.TrafficShare;
using VersionPolicy = Granary.Protocol.V1.VersionPolicy;

namespace Granary.Silo.Grpc;

/// <summary>
/// granary.v1.Models, versions and traffic: a model's deployment and version policy, its traffic split, and
/// loading or unloading it. Admin only (models have no tenant owner to allow instead). Each change goes to the
/// model's controller; this silo's descriptor cache is dropped so its next call sees the change, the other silos'
/// caches within their 2 s refresh.
/// </summary>
public sealed partial class ModelsService
{
    public override Task<ModelInfo> SetDeployment(SetDeploymentRequest request, ServerCallContext context) =>
        ChangeAsync(context, request.Name, model => model.SetDeploymentAsync(new DeploymentChange(
            request.HasReplicas ? request.Replicas : null,
            request.HasMinReplicas ? request.MinReplicas : null,
            request.HasMaxReplicas ? request.MaxReplicas : null,
            request.VersionPolicy is { } policy ? ToDomain(policy) : null,
            request.HasDevice ? request.Device : null,
            request.HasMemoryMib ? request.MemoryMib : null)));

    public override Task<ModelInfo> SetTraffic(SetTrafficRequest request, ServerCallContext context) =>
        ChangeAsync(context, request.Name, model => model.SetTrafficAsync(
            request.Traffic.Select(s => new Models.TrafficShare(s.Version, s.Percent)).ToArray()));

    public override Task<ModelInfo> LoadModel(LoadModelRequest request, ServerCallContext context) =>
        ChangeAsync(context, request.Name, model => model.LoadAsync());

    public override Task<ModelInfo> UnloadModel(UnloadModelRequest request, ServerCallContext context) =>
        ChangeAsync(context, request.Name, model => model.UnloadAsync());

    private async Task<ModelInfo> ChangeAsync(ServerCallContext context, string name, Func<IModelGrain, Task<ModelDescriptor>> change)
    {
        var caller = GrpcCredentials.CallerOf(context);
        if (!caller.IsAdmin)
        {
            throw new PermissionDeniedException("changing a model's deployment, traffic or loading needs an admin key");
        }

        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidModelChangeException("the model name is empty; name the model to change", "name");
        }

        var changed = await change(grains.GetGrain<IModelGrain>(name));
        router.Invalidate(name);
        return Describe(changed, await library.FindAsync(caller, name));
    }

    private static Models.VersionPolicy ToDomain(VersionPolicy policy) =>
        policy.Latest != 0 && policy.Specific.Count > 0
            ? throw new InvalidModelChangeException("version_policy takes latest or specific, not both", "version_policy")
            : policy.Latest != 0 ? Models.VersionPolicy.LatestOf(policy.Latest)
            : policy.Specific.Count > 0 ? Models.VersionPolicy.Only(policy.Specific)
            : Models.VersionPolicy.All;

    private static void DescribeVersionControls(ModelInfo info, ModelDescriptor model)
    {
        var deployment = model.Deployment;
        var policy = deployment.PolicyOrAll;
        info.Deployment.MinReplicas = deployment.MinReplicas;
        info.Deployment.MaxReplicas = deployment.MaxReplicas;
        info.Deployment.MemoryMib = deployment.MemoryBytes >> 20;
        info.Deployment.VersionPolicy = new VersionPolicy { Latest = policy.Latest, Specific = { policy.Specific } };
        info.Traffic.Add(model.RoutingOrDefault.Traffic.Select(s => new TrafficShare { Version = s.Version, Percent = s.Percent }));
        info.Unloaded = model.RoutingOrDefault.Unloaded;
    }
}
