using Granary.Logging;
using Granary.Models;
using Granary.Replicas;
using Microsoft.Extensions.Logging;

namespace Granary.Control;

/// <summary>
/// The controller of one model: reads it from the repository and, once asked, reconciles every second:
/// each version's desired replicas are loaded (re-created on another fitting silo when theirs died), and
/// the count follows the load between the deployment's minimum and maximum. Reentrant so descriptors are
/// served while replicas load.
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed partial class ModelGrain(ModelRepository repository, TimeProvider time, ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private static readonly TimeSpan ReconcilePeriod = TimeSpan.FromSeconds(1);

    private RepositoryModel? _model;
    private VersionReplicas[] _versions = [];
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

    public Task<bool> IsDesiredAsync(string replicaId)
    {
        var key = ReplicaKey.Parse(replicaId);
        return Task.FromResult(_versions.FirstOrDefault(v => v.Version == key.Version)?.IsDesired(key.Index) ?? false);
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
        foreach (var version in _versions)
        {
            var before = version.State;
            var decision = await version.ReconcileAsync(GrainFactory);
            if (decision.Changed)
            {
                LogScaled(logger, _model!.Name, version.Version, decision.From, decision.To, decision.Why);
            }

            if (version.State != before)
            {
                LogVersionState(logger, _model!.Name, version.Version, version.State, version.Ready.Count, version.Reason);
            }
        }

        _descriptor = Describe(_model!);
    }

    private ModelDescriptor Describe(RepositoryModel model) =>
        new(model.Name, model.Description, model.License, model.Owner, model.Deployment, _versions.Select(v => v.Describe()).ToArray(), model.Tenants);

    [LoggerMessage(LogEvents.ModelVersionState, LogLevel.Information, "Model {Model} v{Version} is {State} with {Replicas} replica(s) {Reason}")]
    private static partial void LogVersionState(ILogger logger, string model, long version, ModelVersionState state, int replicas, string reason);

    [LoggerMessage(LogEvents.ModelScaled, LogLevel.Information, "Model {Model} v{Version} scaled from {From} to {To} replica(s): {Why}")]
    private static partial void LogScaled(ILogger logger, string model, long version, int from, int to, string why);
}
