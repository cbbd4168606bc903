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
/// served while replicas load.
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed partial class ModelGrain(ModelRepository repository, ReplicaHostCandidates hosts, TimeProvider time, ILogger<ModelGrain> logger)
    : Grain, IModelGrain
{
    private static readonly TimeSpan ReconcilePeriod = TimeSpan.FromSeconds(1);

    private RepositoryModel? _model;
    private VersionReplicas[] _versions = [];
    private readonly Dictionary<(long Version, string Region), VersionReplicas> _regional = [];
    private ModelDescriptor? _descriptor;
    private Task? _firstReconcile;
    private Task? _reconciling;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _model = repository.Find(this.GetPrimaryKeyString());
        if (_model is not null)
        {
            _versions = _model.Versions.Select(v => new VersionReplicas(_model.Name, v, _model.Deployment, time)).ToArray();
            _descriptor = Describe(_model);
        }

        return Task.CompletedTask;
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
            replicas = new VersionReplicas(_model.Name, repositoryVersion, _model.Deployment, time, region);
            _regional[(version, region)] = replicas;
        }

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
        new(model.Name, model.Description, model.License, model.Owner, model.Deployment, _versions.Select(v => v.Describe() with
        {
            RegionalReplicaIds = _regional.Values.Where(r => r.Version == v.Version).SelectMany(r => r.Ready).ToArray(),
        }).ToArray(), model.Tenants);

    [LoggerMessage(LogEvents.ModelVersionState, LogLevel.Information, "Model {Model} v{Version} (region '{Region}') is {State} with {Replicas} replica(s) {Reason}")]
    private static partial void LogVersionState(ILogger logger, string model, long version, string region, ModelVersionState state, int replicas, string reason);

    [LoggerMessage(LogEvents.ReplicaMoved, LogLevel.Information, "Model {Model} v{Version} (region '{Region}') spread its replicas: {Move}")]
    private static partial void LogMoved(ILogger logger, string model, long version, string region, string move);

    [LoggerMessage(LogEvents.ModelScaled, LogLevel.Information, "Model {Model} v{Version} (region '{Region}') scaled from {From} to {To} replica(s): {Why}")]
    private static partial void LogScaled(ILogger logger, string model, long version, string region, int from, int to, string why);
}
