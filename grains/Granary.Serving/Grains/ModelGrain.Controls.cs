using Granary.Inference;
using Granary.Logging;
using Granary.Models;
using Granary.Replicas;
using Microsoft.Extensions.Logging;

namespace Granary.Control;

/// <summary>
/// The admin's controls of a model: its deployment and version policy, its traffic split, and loading or
/// unloading it (Triton's repository API). Each change is checked, stored, then applied to the versions'
/// replicas: a version the change leaves out is unloaded (its replicas retired), one it brings back loads.
/// </summary>
public sealed partial class ModelGrain
{
    private const string UnloadedByAdmin = "unloaded by an admin";

    public async Task<ModelDescriptor> SetDeploymentAsync(DeploymentChange change)
    {
        var model = Known();
        var current = controls.State;
        var next = Copy(current);
        next.Replicas = change.Replicas ?? current.Replicas;
        next.MinReplicas = change.MinReplicas ?? current.MinReplicas;
        next.MaxReplicas = change.MaxReplicas ?? current.MaxReplicas;
        next.Policy = change.Policy ?? current.Policy;
        var deployment = next.Apply(model.Deployment);
        ModelChangeRules.CheckDeployment(model, deployment, next.Traffic);
        await SaveAsync(next);
        LogDeploymentSet(logger, model.Name, deployment.Replicas, deployment.MinReplicas, deployment.MaxReplicas, deployment.PolicyOrAll.ToString());
        return await ApplyAndReconcileAsync();
    }

    public async Task<ModelDescriptor> SetTrafficAsync(IReadOnlyList<TrafficShare> shares)
    {
        var model = Known();
        var next = Copy(controls.State);
        next.Traffic = [.. ModelChangeRules.CheckTraffic(model, shares, CurrentDeployment.PolicyOrAll)];
        await SaveAsync(next);
        LogTrafficSet(logger, model.Name, next.Traffic.Count == 0 ? "none (newest ready version)" : string.Join(", ", next.Traffic.Select(s => $"v{s.Version}={s.Percent}%")));
        _descriptor = Describe(model);
        return _descriptor;
    }

    public async Task<ModelDescriptor> LoadAsync()
    {
        var model = Known();
        var next = Copy(controls.State);
        next.Unloaded = false;
        await SaveAsync(next);
        LogLoaded(logger, model.Name);
        return await ApplyAndReconcileAsync();
    }

    public async Task<ModelDescriptor> UnloadAsync()
    {
        var model = Known();
        var next = Copy(controls.State);
        next.Unloaded = true;
        await SaveAsync(next);
        ApplyControls(retire: true);
        _descriptor = Describe(model);
        LogUnloaded(logger, model.Name);
        return _descriptor;
    }

    private DeploymentSpec CurrentDeployment => _deployment ?? Known().Deployment;

    private RepositoryModel Known()
    {
        if (_model is null)
        {
            this.DeactivateOnIdle();
            throw new ModelNotFoundException($"model '{this.GetPrimaryKeyString()}' not found");
        }

        return _model;
    }

    /// <summary>
    /// Lays the stored controls over the versions: the deployment, then which versions load. At activation
    /// nothing is retired: replicas of a version unloaded before are not running, and asking them would start them.
    /// </summary>
    private void ApplyControls(bool retire = false)
    {
        var model = Known();
        _deployment = controls.State.Apply(model.Deployment);
        var all = _versions.Select(v => v.Version).ToArray();
        var policy = _deployment.PolicyOrAll;
        foreach (var replicas in _versions.Concat(_regional.Values))
        {
            var retired = replicas.Redeploy(_deployment);
            var why = controls.State.Unloaded ? UnloadedByAdmin
                : policy.Selects(replicas.Version, all) ? null
                : $"outside the version policy {policy}";
            if (why is null)
            {
                replicas.Load();
            }
            else
            {
                retired = [.. retired, .. replicas.Unload(why)];
            }

            foreach (var key in retire ? retired : [])
            {
                _ = GrainFactory.GetGrain<IModelReplicaGrain>(key).RetireAsync();
            }
        }
    }

    /// <summary>Applies the controls and runs a full reconcile round after any already under way, so the answer shows their effect.</summary>
    private async Task<ModelDescriptor> ApplyAndReconcileAsync()
    {
        ApplyControls(retire: true);
        if (_reconciling is { IsCompleted: false } running)
        {
            await running;
        }

        await ReconcileOnceAsync();
        return _descriptor!;
    }

    private void ThrowIfNotLoaded(long version)
    {
        var policy = CurrentDeployment.PolicyOrAll;
        if (controls.State.Unloaded)
        {
            throw new ModelNotLoadedException($"model '{Known().Name}' is unloaded; an admin loads it again with LoadModel");
        }

        if (!policy.Selects(version, _versions.Select(v => v.Version)))
        {
            throw new ModelNotLoadedException($"model '{Known().Name}' v{version} is not loaded: outside the version policy {policy}");
        }
    }

    private async Task SaveAsync(ModelControlState next)
    {
        controls.State = next;
        await controls.WriteStateAsync();
    }

    private static ModelControlState Copy(ModelControlState state) => new()
    {
        Replicas = state.Replicas,
        MinReplicas = state.MinReplicas,
        MaxReplicas = state.MaxReplicas,
        Policy = state.Policy,
        Traffic = [.. state.Traffic],
        Unloaded = state.Unloaded,
    };

    [LoggerMessage(LogEvents.ModelDeploymentSet, LogLevel.Information, "Model {Model} deployment set: {Replicas} replica(s) ({Min} to {Max}), version policy {Policy}")]
    private static partial void LogDeploymentSet(ILogger logger, string model, int replicas, int min, int max, string policy);

    [LoggerMessage(LogEvents.ModelTrafficSet, LogLevel.Information, "Model {Model} traffic split set: {Split}")]
    private static partial void LogTrafficSet(ILogger logger, string model, string split);

    [LoggerMessage(LogEvents.ModelLoaded, LogLevel.Information, "Model {Model} loaded by an admin")]
    private static partial void LogLoaded(ILogger logger, string model);

    [LoggerMessage(LogEvents.ModelUnloaded, LogLevel.Information, "Model {Model} unloaded by an admin: its replicas are retired")]
    private static partial void LogUnloaded(ILogger logger, string model);
}
