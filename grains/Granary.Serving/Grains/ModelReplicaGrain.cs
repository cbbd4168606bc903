using Granary.Logging;
using Granary.Replicas.Local;
using Granary.Control;
using Granary.Devices;
using Granary.Inference;
using Granary.Models;
using Granary.Placement;
using Granary.Replicas.Runtime;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace Granary.Replicas;

/// <summary>
/// One replica of one model version, placed on a silo with a device that fits it and never moved off it.
/// It holds its device memory from placement to deactivation. Reentrant: every call only enqueues into
/// the runtime's batching queue and awaits, so many calls are in flight at once and are batched
/// together; ONNX Runtime works on the runtime's own threads.
/// </summary>
[Orleans.Concurrency.Reentrant, ReplicaPlacement, Immovable]
public sealed partial class ModelReplicaGrain(
    ReplicaRuntimeFactory factory,
    ModelCatalog catalog,
    DeviceInventory inventory,
    LocalReplicaActivations localReplicas,
    LocalReplicaRuntimes runtimes,
    ILocalSiloDetails silo,
    LocalSiloMetadata localMetadata,
    ILogger<ModelReplicaGrain> logger) : Grain, IModelReplicaGrain
{
    private ReplicaKey _key;
    private ReplicaRuntime? _runtime;
    private Task<ReplicaRuntime>? _loading;
    private DeviceKey? _device;
    private DeviceDescriptor? _deviceDescriptor;
    private bool _retired;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = ReplicaKey.Parse(Id);
        localReplicas.Add(Id);
        try
        {
            _retired = !await GrainFactory.GetGrain<IModelGrain>(_key.Model).IsDesiredAsync(Id);
        }
        catch
        {
            // No deactivation follows a failed activation: give back what placement reserved here now.
            await ReleaseDeviceAsync();
            localReplicas.Remove(Id);
            throw;
        }

        if (_retired)
        {
            // Activated by a late call after the autoscaler retired it: answer that call, then go. Asking to
            // deactivate while still activating is not enough, so a one-shot timer asks once activation is done.
            this.RegisterGrainTimer(
                () =>
                {
                    this.DeactivateOnIdle();
                    return Task.CompletedTask;
                },
                new GrainTimerCreationOptions(TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan));
        }
    }

    public async Task<ReplicaStatus> LoadAsync()
    {
        ThrowIfRetired();
        await EnsureLoadedAsync();
        return Status();
    }

    public async Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfRetired();
        var runtime = _runtime ?? await EnsureLoadedAsync();
        return await runtime.InferAsync(request, cancellationToken);
    }

    public async Task<InferenceResult[]> InferManyAsync(InferenceRequest[] requests, CancellationToken cancellationToken = default)
    {
        ThrowIfRetired();
        var runtime = _runtime ?? await EnsureLoadedAsync();
        var answers = new Task<InferenceResponse>[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            try
            {
                answers[i] = runtime.InferAsync(requests[i], cancellationToken);
            }
            catch (Exception e)
            {
                answers[i] = Task.FromException<InferenceResponse>(e);
            }
        }

        var results = new InferenceResult[requests.Length];
        for (var i = 0; i < answers.Length; i++)
        {
            try
            {
                results[i] = new InferenceResult(await answers[i], null);
            }
            catch (Exception e)
            {
                results[i] = new InferenceResult(null, e);
            }
        }

        return results;
    }

    public Task RetireAsync()
    {
        _retired = true;
        runtimes.Remove(Id);
        this.DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<ReplicaStatistics> GetStatisticsAsync() =>
        Task.FromResult(_runtime?.Statistics() ?? new ReplicaStatistics(_key.Model, 0, 0, 0, 0, default, default, default, default, default, default, []));

    public Task<ReplicaStatus> GetStatusAsync() => Task.FromResult(Status());

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        runtimes.Remove(Id);
        if (_runtime is { } runtime)
        {
            _runtime = null;

            // Draining waits for the workers, which are not Orleans threads: do it off the scheduler.
            await Task.Run(runtime.Dispose, CancellationToken.None);
            LogUnloaded(logger, Id, reason.Description);
        }

        // A silo that shuts down takes its devices and their reservations with it: nothing to give back.
        if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
        {
            await ReleaseDeviceAsync();
        }

        localReplicas.Remove(Id);
    }

    private void ThrowIfRetired()
    {
        if (_retired)
        {
            this.DeactivateOnIdle();
            throw new ModelUnavailableException($"replica {Id} was retired by the autoscaler; retry on another replica");
        }
    }

    private ReplicaStatus Status()
    {
        var state = _runtime is not null ? ReplicaState.Ready
            : _loading is { IsFaulted: true } ? ReplicaState.Failed
            : ReplicaState.Loading;
        return new ReplicaStatus(
            Id,
            silo.SiloAddress.ToParsableString(),
            silo.Name,
            state,
            _runtime?.InFlight ?? 0,
            _runtime?.QueueLength ?? 0,
            _runtime?.Provider ?? "",
            _runtime?.Served ?? 0,
            _device?.ToString() ?? "",
            _deviceDescriptor?.Name ?? "");
    }

    private async Task<ReplicaRuntime> EnsureLoadedAsync()
    {
        if (_loading is null || _loading.IsFaulted)
        {
            _loading = LoadOnDeviceAsync();
        }

        _runtime = await _loading;
        if (!_retired)
        {
            runtimes.Add(Id, _runtime);
        }

        return _runtime;
    }

    private async Task<ReplicaRuntime> LoadOnDeviceAsync()
    {
        var model = await catalog.FindAsync(_key.Model) ?? throw new ModelNotFoundException($"model '{_key.Model}' not found");
        var requirement = PlacementRequirements.Of(await ModelDeployment.CurrentAsync(GrainFactory, model), _key);
        if (!requirement.AcceptsLabels(SiloLabels.Labels(localMetadata.Values)))
        {
            // Never load a replica on a silo its labels forbid (a region it is pinned to), however it got here.
            throw new NoDeviceFitsException($"replica {Id} needs a {requirement.Describe()}; this silo does not carry those labels");
        }

        (_device, _deviceDescriptor) = await AcquireDeviceAsync(requirement);
        try
        {
            return await factory.CreateAsync(_key, _deviceDescriptor);
        }
        catch
        {
            await ReleaseDeviceAsync();
            throw;
        }
    }

    /// <summary>
    /// The local device the placement director reserved for this replica, or, when the replica was activated
    /// here some other way, the best-fitting local device that still has room.
    /// </summary>
    private async Task<(DeviceKey, DeviceDescriptor)> AcquireDeviceAsync(PlacementRequirement requirement)
    {
        var local = inventory.Devices.Where(requirement.Accepts)
            .Select(d => (Key: new DeviceKey(silo.SiloAddress.ToParsableString(), d.Index), Device: d))
            .ToArray();
        foreach (var (key, device) in local)
        {
            if (await GrainFactory.GetGrain<IDeviceGrain>(key.ToString()).HoldsAsync(Id))
            {
                return (key, device);
            }
        }

        var states = await Task.WhenAll(local.Select(l => GrainFactory.GetGrain<IDeviceGrain>(l.Key.ToString()).GetStateAsync()));
        foreach (var state in states.Where(s => s.FreeBytes >= requirement.MemoryBytes).OrderBy(s => s.FreeBytes))
        {
            if (await GrainFactory.GetGrain<IDeviceGrain>(state.Key).TryReserveAsync(Id, requirement.MemoryBytes))
            {
                return (DeviceKey.Parse(state.Key), state.Device);
            }
        }

        throw new NoDeviceFitsException(ReplicaPlacementDirector.NoFitMessage(_key.Model, requirement, states));
    }

    /// <summary>
    /// Releases this replica's memory on every local device: the one it loaded on, or the one the placement
    /// director reserved for an activation that never loaded.
    /// </summary>
    private async Task ReleaseDeviceAsync()
    {
        _device = null;
        var owner = silo.SiloAddress.ToParsableString();
        await Task.WhenAll(inventory.Devices.Select(d => GrainFactory.GetGrain<IDeviceGrain>(new DeviceKey(owner, d.Index).ToString()).ReleaseAsync(Id)));
    }

    [LoggerMessage(LogEvents.ReplicaUnloaded, LogLevel.Information, "Replica {Replica} unloaded: {Reason}")]
    private static partial void LogUnloaded(ILogger logger, string replica, string reason);
}
