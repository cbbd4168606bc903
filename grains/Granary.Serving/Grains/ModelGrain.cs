using Granary.Devices;
using Granary.Inference;
using Granary.Logging;
using Granary.Models;
using Granary.Placement;
using Granary.Replicas;
using Microsoft.Extensions.Logging;

namespace Granary.Control;

/// <summary>
/// The controller of one model: reads it from the repository and, once asked, reconciles every second:
/// each version's desired replicas are loaded (re-created on another fitting silo when theirs died), and
/// the count follows the load between the deployment's minimum and maximum, and siblings left together on one silo
/// are moved apart when a fitting silo holds fewer (<see cref="ReplicaSpread"/>). Reentrant so descriptors are
/// served while replicas load. What admins set over the API (deployment, version policy, traffic split, unload)
/// is kept in <see cref="ModelControlState"/> and laid over the repository's model (<c>ModelGrain.Controls.cs</c>).
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed partial class ModelGrain(
    ModelCatalog catalog,
    [PersistentState("model-controls")] IPersistentState<ModelControlState> controls,
    ReplicaHostCandidates hosts,
    TimeProvider time,
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private static readonly TimeSpan ReconcilePeriod = TimeSpan.FromSeconds(1);

    private RepositoryModel? _model;
    private DeploymentSpec? _deployment;
    private VersionReplicas[] _versions = [];
    private readonly Dictionary<(long Version, string Region), VersionReplicas> _regional = [];
    private ModelDescriptor? _descriptor;
    private Task? _firstReconcile;
    private Task? _reconciling;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _model = await catalog.FindAsync(this.GetPrimaryKeyString());
        if (_model is not null)
        {
            var deployment = controls.State.Apply(_model.Deployment);
            _versions = _model.Versions.Select(v => new VersionReplicas(_model.Name, v, deployment, time)).ToArray();
            // Nothing to retire at activation: what the stored controls leave out is not running.
            _ = ApplyControls();
            _descriptor = Describe(_model);
        }
    }

    public async Task<ModelDescriptor?> ReloadAsync()
    {
        var model = await catalog.FindAsync(this.GetPrimaryKeyString());
        var before = _versions.ToDictionary(v => v.Version);
        _model = model;
        _versions = model?.Versions.Select(v => before.Remove(v.Version, out var same) ? same : new VersionReplicas(model.Name, v, model.Deployment, time)).ToArray() ?? [];

        // What is left in 'before' is a version the model no longer has: its replicas, regional ones too, are retired.
        var retired = before.Values.ToList();
        foreach (var regional in _regional.Where(r => before.ContainsKey(r.Key.Version)).ToArray())
        {
            retired.Add(regional.Value);
            _regional.Remove(regional.Key);
        }

        foreach (var replica in retired.SelectMany(v => v.Ready))
        {
            _ = GrainFactory.GetGrain<IModelReplicaGrain>(replica).RetireAsync();
        }

        if (model is null)
        {
            _descriptor = null;
            this.DeactivateOnIdle();
            return null;
        }

        _descriptor = Describe(model);
        await EnsureReplicasAsync();
        await ReconcileOnceAsync();
        return _descriptor;
    }

    public Task<ModelDescriptor?> GetDescriptorAsync()
    {
        Start();
        return Task.FromResult(_descriptor);
    }

    public async Task<ModelDescriptor?> EnsureReplicasAsync()
    {
        if (Start() is { } first)
        {
            await first;
        }

        return _descriptor;
    }

    public async Task<ModelDescriptor?> WakeAsync()
    {
        var woken = _versions.Count(v => v.Wake());
        await EnsureReplicasAsync();
        if (woken > 0)
        {
            await ReconcileOnceAsync();
        }

        return _descriptor;
    }

    public async Task<ModelDescriptor?> EnsureRegionAsync(long version, string region)
    {
        if (await EnsureReplicasAsync() is null)
        {
            return null;
        }

        if (!_regional.TryGetValue((version, region), out var replicas))
        {
            var repositoryVersion = _model!.Versions.FirstOrDefault(v => v.Version == version)
                ?? throw new ModelNotFoundException($"version {version} of model '{_model.Name}' not found");
            ThrowIfNotLoaded(version);
            replicas = new VersionReplicas(_model.Name, repositoryVersion, CurrentDeployment, time, region);
            _regional[(version, region)] = replicas;
        }

        ThrowIfNotLoaded(version);

        if (replicas.Wake() || replicas.Ready.Count == 0)
        {
            await ReconcileOnceAsync();
            if (replicas.State == ModelVersionState.Loading)
            {
                // A round already under way when the set was added did not see it: run one more.
                await ReconcileOnceAsync();
            }
        }

        if (replicas.Ready.Count == 0)
        {
            throw replicas.State == ModelVersionState.Unplaceable
                ? new NoDeviceFitsException($"no silo in region '{region}' can host model '{_model!.Name}' v{version}: {replicas.Reason}")
                : new ModelUnavailableException($"model '{_model!.Name}' v{version} has no replica in region '{region}' yet: {replicas.Reason}");
        }

        return _descriptor;
    }

    public Task<bool> IsDesiredAsync(string replicaId)
    {
        var key = ReplicaKey.Parse(replicaId);
        var replicas = key.Region.Length == 0
            ? _versions.FirstOrDefault(v => v.Version == key.Version)
            : _regional.GetValueOrDefault((key.Version, key.Region));
        return Task.FromResult(replicas?.IsDesired(key.Index) ?? false);
    }

    public Task SuperviseAsync()
    {
        Start();
        return Task.CompletedTask;
    }

    /// <summary>Starts reconciling on the first call; returns the first round, or null for a model not in the repository.</summary>
    private Task? Start()
    {
        if (_model is null)
        {
            // Nothing to supervise: leave no activation behind for each name a caller tries, and let a model
            // added to the repository later be found by the next activation.
            this.DeactivateOnIdle();
            return null;
        }

        if (_firstReconcile is null)
        {
            _firstReconcile = ReconcileOnceAsync();
            this.RegisterGrainTimer(_ => ReconcileOnceAsync(), new GrainTimerCreationOptions(ReconcilePeriod, ReconcilePeriod) { KeepAlive = true, Interleave = true });
        }

        return _firstReconcile;
    }

    private Task ReconcileOnceAsync()
    {
        if (_reconciling is null || _reconciling.IsCompleted)
        {
            _reconciling = ReconcileAsync();
        }

        return _reconciling;
    }

    private async Task ReconcileAsync()
    {
        foreach (var version in _versions.Concat(_regional.Values.ToArray()))
        {
            var before = version.State;
            var candidates = hosts.For(_model!.Deployment, new ReplicaKey(_model.Name, version.Version, 0, version.Region));
            var decision = await version.ReconcileAsync(GrainFactory, candidates);
            if (version.Moved is { } moved)
            {
                version.ClearMoved();
                LogMoved(logger, _model.Name, version.Version, version.Region, moved);
            }

            if (decision.Changed)
            {
                LogScaled(logger, _model!.Name, version.Version, version.Region, decision.From, decision.To, decision.Why);
            }

            if (version.State != before)
            {
                LogVersionState(logger, _model!.Name, version.Version, version.Region, version.State, version.Ready.Count, version.Reason);
            }
        }

        _descriptor = Describe(_model!);
    }

    private ModelDescriptor Describe(RepositoryModel model) =>
        new(model.Name, model.Description, model.License, model.Owner, _deployment ?? model.Deployment, _versions.Select(v => v.Describe() with
        {
            RegionalReplicaIds = _regional.Values.Where(r => r.Version == v.Version).SelectMany(r => r.Ready).ToArray(),
        }).ToArray(), model.Tenants, controls.State.Routing);

    [LoggerMessage(LogEvents.ModelVersionState, LogLevel.Information, "Model {Model} v{Version} (region '{Region}') is {State} with {Replicas} replica(s) {Reason}")]
    private static partial void LogVersionState(ILogger logger, string model, long version, string region, ModelVersionState state, int replicas, string reason);

    [LoggerMessage(LogEvents.ReplicaMoved, LogLevel.Information, "Model {Model} v{Version} (region '{Region}') spread its replicas: {Move}")]
    private static partial void LogMoved(ILogger logger, string model, long version, string region, string move);

    [LoggerMessage(LogEvents.ModelScaled, LogLevel.Information, "Model {Model} v{Version} (region '{Region}') scaled from {From} to {To} replica(s): {Why}")]
    private static partial void LogScaled(ILogger logger, string model, long version, string region, int from, int to, string why);
}
