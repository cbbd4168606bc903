using Granary.Inference;
using Granary.Models;
using Granary.Replicas.Runtime;
using Microsoft.Extensions.Logging;

namespace Granary.Replicas;

/// <summary>
/// One replica of one model version. Reentrant: every call only enqueues into the runtime's batching
/// queue and awaits, so many calls are in flight at once and are batched together; ONNX Runtime works
/// on the runtime's own threads.
/// </summary>
[Orleans.Concurrency.Reentrant]
public sealed partial class ModelReplicaGrain(ReplicaRuntimeFactory factory, ILocalSiloDetails silo, ILogger<ModelReplicaGrain> logger) : Grain, IModelReplicaGrain
{
    private ReplicaRuntime? _runtime;
    private Task<ReplicaRuntime>? _loading;
    private int _inFlight;

    public async Task<ModelVersionDescriptor> LoadAsync() => (await EnsureLoadedAsync()).Version;

    public async Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var runtime = _runtime ?? await EnsureLoadedAsync();
            return await runtime.InferAsync(request, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<ReplicaStatus> GetStatusAsync()
    {
        var state = _runtime is not null ? ReplicaState.Ready
            : _loading is { IsFaulted: true } ? ReplicaState.Failed
            : ReplicaState.Loading;
        return Task.FromResult(new ReplicaStatus(
            this.GetPrimaryKeyString(),
            silo.SiloAddress.ToParsableString(),
            silo.Name,
            state,
            Volatile.Read(ref _inFlight),
            _runtime?.QueueLength ?? 0,
            _runtime?.Provider ?? ""));
    }

    public Task<ReplicaStatistics> GetStatisticsAsync() =>
        Task.FromResult(_runtime?.Statistics()
            ?? new ReplicaStatistics(ReplicaKey.Parse(this.GetPrimaryKeyString()).Model, 0, 0, 0, 0, default, default, default, default, default, default, []));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_runtime is { } runtime)
        {
            _runtime = null;

            // Draining waits for the workers, which are not Orleans threads: do it off the scheduler.
            await Task.Run(runtime.Dispose, CancellationToken.None);
            LogUnloaded(logger, this.GetPrimaryKeyString(), reason.Description);
        }
    }

    private async Task<ReplicaRuntime> EnsureLoadedAsync()
    {
        if (_loading is null || _loading.IsFaulted)
        {
            _loading = factory.CreateAsync(ReplicaKey.Parse(this.GetPrimaryKeyString()));
        }

        _runtime = await _loading;
        return _runtime;
    }

    [LoggerMessage(3001, LogLevel.Information, "Replica {Replica} unloaded: {Reason}")]
    private static partial void LogUnloaded(ILogger logger, string replica, string reason);
}
