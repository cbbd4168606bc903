using Granary.Devices;
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

    /// <summary>The grain is reentrant: changes still run one at a time, so none is lost between reading and storing the controls.</summary>
    private readonly SemaphoreSlim _changing = new(1, 1);

    public Task<ModelDescriptor> SetDeploymentAsync(DeploymentChange change) => OneAtATimeAsync(() => SetDeploymentNowAsync(change));

    public Task<ModelDescriptor> SetTrafficAsync(IReadOnlyList<TrafficShare> shares) => OneAtATimeAsync(() => SetTrafficNowAsync(shares));

    public Task<ModelDescriptor> LoadAsync() => OneAtATimeAsync(LoadNowAsync);

    public Task<ModelDescriptor> UnloadAsync() => OneAtATimeAsync(UnloadNowAsync);

    private async Task<ModelDescriptor> OneAtATimeAsync(Func<Task<ModelDescriptor>> change)
    {
        await _changing.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            _changing.Release();
        }
    }

    private async Task<ModelDescriptor> SetDeploymentNowAsync(DeploymentChange change)
    {
        var model = Known();
        var current = controls.State;
        var next = Copy(current);
        next.Replicas = change.Replicas ?? current.Replicas;
        next.MinReplicas = change.MinReplicas ?? current.MinReplicas;
        next.MaxReplicas = change.MaxReplicas ?? current.MaxReplicas;
        next.Policy = change.Policy ?? current.Policy;
        next.Device = change.Device is { } device ? ModelChangeRules.CheckDevice(device) : current.Device;
        next.MemoryMib = change.MemoryMib is { } mib ? ModelChangeRules.CheckMemory(mib) : current.MemoryMib;
        var deployment = next.Apply(model.Deployment);
        ModelChangeRules.CheckDeployment(model, deployment, next.Traffic);
        await SaveAsync(next);
        LogDeploymentSet(logger, model.Name, deployment.Replicas, deployment.MinReplicas, deployment.MaxReplicas, deployment.Device, deployment.MemoryBytes >> 20, deployment.PolicyOrAll.ToString());
        return await ApplyAndReconcileAsync();
    }

    private async Task<ModelDescriptor> SetTrafficNowAsync(IReadOnlyList<TrafficShare> shares)
    {
        var model = Known();
        var next = Copy(controls.State);
        next.Traffic = [.. ModelChangeRules.CheckTraffic(model, shares, CurrentDeployment.PolicyOrAll)];
        await SaveAsync(next);
        LogTrafficSet(logger, model.Name, next.Traffic.Count == 0 ? "none (newest ready version)" : string.Join(", ", next.Traffic.Select(s => $"v{s.Version}={s.Percent}%")));
        _descriptor = Describe(model);
        return _descriptor;
    }

    private async Task<ModelDescriptor> LoadNowAsync()
    {
        var model = Known();
        var next = Copy(controls.State);
        next.Unloaded = false;
        await SaveAsync(next);
        LogLoaded(logger, model.Name);
        return await ApplyAndReconcileAsync();
    }

    private async Task<ModelDescriptor> UnloadNowAsync()
    {
        var model = Known();
        var next = Copy(controls.State);
        next.Unloaded = true;
        await SaveAsync(next);
        await ApplyAndRetireAsync();
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
    /// Lays the stored controls over the versions: the deployment, then which versions load. Returns the
    /// replicas it retires. At activation nothing is retired: replicas of a version unloaded before are not
    /// running, and asking them would start them.
    /// </summary>
    private IReadOnlyList<string> ApplyControls()
    {
        var retired = new List<string>();
        var model = Known();
        _deployment = controls.State.Apply(model.Deployment);
        var all = _versions.Select(v => v.Version).ToArray();
        var policy = _deployment.PolicyOrAll;
        foreach (var replicas in _versions.Concat(_regional.Values))
        {
            retired.AddRange(replicas.Redeploy(_deployment));
            var why = controls.State.Unloaded ? UnloadedByAdmin
                : policy.Selects(replicas.Version, all) ? null
                : $"outside the version policy {policy}";
            if (why is null)
            {
                replicas.Load();
            }
            else
            {
                retired.AddRange(replicas.Unload(why));
            }
        }

        return retired;
    }

    /// <summary>
    /// Applies the controls, so the descriptor (which placement reads) carries the new deployment, and waits until
    /// the replicas they retire have taken it, so a replica placed again under the same key (a new device or
    /// memory) is a new activation. One whose silo is gone went with it.
    /// </summary>
    private async Task ApplyAndRetireAsync()
    {
        var retiring = ApplyControls().Select(key => GrainFactory.GetGrain<IModelReplicaGrain>(key).RetireAsync()).ToArray();
        _descriptor = Describe(Known());
        try
        {
            await Task.WhenAll(retiring);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or NoDeviceFitsException)
        {
        }
    }

    /// <summary>Applies the controls and runs a full reconcile round after any already under way, so the answer shows their effect.</summary>
    private async Task<ModelDescriptor> ApplyAndReconcileAsync()
    {
        await ApplyAndRetireAsync();
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
        Device = state.Device,
        MemoryMib = state.MemoryMib,
    };

    [LoggerMessage(LogEvents.ModelDeploymentSet, LogLevel.Information, "Model {Model} deployment set: {Replicas} replica(s) ({Min} to {Max}) on {Device} with {MemoryMib} MiB each, version policy {Policy}")]
    private static partial void LogDeploymentSet(ILogger logger, string model, int replicas, int min, int max, string device, long memoryMib, string policy);

    [LoggerMessage(LogEvents.ModelTrafficSet, LogLevel.Information, "Model {Model} traffic split set: {Split}")]
    private static partial void LogTrafficSet(ILogger logger, string model, string split);

    [LoggerMessage(LogEvents.ModelLoaded, LogLevel.Information, "Model {Model} loaded by an admin")]
    private static partial void LogLoaded(ILogger logger, string model);

    [LoggerMessage(LogEvents.ModelUnloaded, LogLevel.Information, "Model {Model} unloaded by an admin: its replicas are retired")]
    private static partial void LogUnloaded(ILogger logger, string model);
}
