using Granary.Models;
using Granary.Replicas;
using Microsoft.Extensions.Logging;

namespace Granary.Control;

/// <summary>
/// The controller of one model: reads it from the repository, keeps its replicas loaded and reports
/// each version's state. Reentrant so descriptors are served while replicas load.
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed partial class ModelGrain(ModelRepository repository, ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private RepositoryModel? _model;
    private ModelDescriptor? _descriptor;
    private Task<ModelDescriptor?>? _ensuring;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _model = repository.Find(this.GetPrimaryKeyString());
        _descriptor = _model is null ? null : Describe(_model, _ => (ModelVersionState.Loading, "", []));
        return Task.CompletedTask;
    }

    public Task<ModelDescriptor?> GetDescriptorAsync()
    {
        // A model nobody warmed up loads on its first call rather than staying unready.
        if (_model is not null && _ensuring is null)
        {
            _ensuring = LoadReplicasAsync(_model);
        }

        return Task.FromResult(_descriptor);
    }

    public Task<ModelDescriptor?> EnsureReplicasAsync() =>
        _model is null ? Task.FromResult<ModelDescriptor?>(null) : _ensuring ??= LoadReplicasAsync(_model);

    private async Task<ModelDescriptor?> LoadReplicasAsync(RepositoryModel model)
    {
        var results = new Dictionary<long, (ModelVersionState, string, string[])>();
        foreach (var version in model.Versions)
        {
            results[version.Version] = version.Error is { } error
                ? (ModelVersionState.Failed, error, [])
                : await LoadVersionAsync(model, version);
        }

        _descriptor = Describe(model, v => results[v.Version]);
        return _descriptor;
    }

    private async Task<(ModelVersionState, string, string[])> LoadVersionAsync(RepositoryModel model, RepositoryModelVersion version)
    {
        var keys = Enumerable.Range(0, model.Deployment.Replicas)
            .Select(i => new ReplicaKey(model.Name, version.Version, i).ToString())
            .ToArray();
        var loads = keys.Select(k => LoadReplicaAsync(k)).ToArray();
        var outcomes = await Task.WhenAll(loads);
        var loaded = keys.Where((_, i) => outcomes[i] is null).ToArray();
        if (loaded.Length > 0)
        {
            LogVersionReady(logger, model.Name, version.Version, loaded.Length);
            return (ModelVersionState.Ready, "", loaded);
        }

        var reason = outcomes.First(o => o is not null)!;
        LogVersionFailed(logger, model.Name, version.Version, reason);
        return (ModelVersionState.Failed, reason, []);
    }

    /// <summary>Returns null when the replica loaded, or why it did not.</summary>
    private async Task<string?> LoadReplicaAsync(string key)
    {
        try
        {
            await GrainFactory.GetGrain<IModelReplicaGrain>(key).LoadAsync();
            return null;
        }
        catch (Exception e)
        {
            return $"replica {key} failed to load: {e.Message}";
        }
    }

    private static ModelDescriptor Describe(RepositoryModel model, Func<RepositoryModelVersion, (ModelVersionState State, string Reason, string[] Replicas)> state) =>
        new(model.Name, model.Description, model.License, model.Owner, model.Deployment,
            model.Versions.Select(v =>
            {
                var (s, reason, replicas) = state(v);
                return new ModelVersionDescriptor(v.Version, s, reason, v.Inputs, v.Outputs, replicas);
            }).ToArray());

    [LoggerMessage(1001, LogLevel.Information, "Model ready: {Model} v{Version} ({Replicas} replica(s))")]
    private static partial void LogVersionReady(ILogger logger, string model, long version, int replicas);

    [LoggerMessage(1002, LogLevel.Error, "Model failed: {Model} v{Version}: {Reason}")]
    private static partial void LogVersionFailed(ILogger logger, string model, long version, string reason);
}
