using Granary.Logging;
using Granary.Replicas.Local;
using Granary.Placement;
using Microsoft.Extensions.Logging;
using Orleans.Placement;

namespace Granary.Devices;

/// <summary>
/// One device, active only on the silo that owns it and never moved. Not reentrant: reservations are
/// checked and made one at a time, so the device's memory is never over-committed. A reservation whose
/// replica is not alive on this silo after a grace period (the replica failed to load, or was never
/// activated) is released.
/// </summary>
// The grain type keeps its name from before the rename ("gpudevice"), so a mixed-version cluster still agrees on it.
[GrainType("gpudevice"), DeviceOwnerPlacement, Immovable]
public sealed partial class DeviceGrain(
    DeviceInventory inventory,
    LocalReplicaActivations replicas,
    Telemetry.LocalDeviceReservations reservedBytes,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<DeviceGrain> logger) : Grain, IDeviceGrain
{
    /// <summary>How long a reservation may wait for its replica to activate here.</summary>
    public static readonly TimeSpan ActivationGrace = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SweepPeriod = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (long Bytes, DateTimeOffset Since)> _reservations = new(StringComparer.Ordinal);
    private DeviceDescriptor _device = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = DeviceKey.Parse(this.GetPrimaryKeyString());
        if (key.Silo != silo.SiloAddress.ToParsableString())
        {
            throw new InvalidOperationException($"device {key} belongs to silo {key.Silo}, not to {silo.SiloAddress}");
        }

        _device = inventory.Find(key.Index) ?? throw new InvalidOperationException($"silo {silo.Name} has no device {key.Index}");
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(SweepPeriod, SweepPeriod) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task<DeviceState> GetStateAsync()
    {
        var (used, utilization) = inventory.Usage(_device);
        var held = _reservations.Select(r => new DeviceReservation(r.Key, r.Value.Bytes)).OrderBy(r => r.ReplicaId, StringComparer.Ordinal).ToArray();
        return Task.FromResult(new DeviceState(this.GetPrimaryKeyString(), silo.SiloAddress.ToParsableString(), silo.Name, _device, held, used, utilization));
    }

    public Task<bool> TryReserveAsync(string replicaId, long memoryBytes)
    {
        if (_reservations.ContainsKey(replicaId))
        {
            return Task.FromResult(true);
        }

        var reserved = _reservations.Values.Sum(r => r.Bytes);
        if (reserved + memoryBytes > _device.MemoryBytes)
        {
            return Task.FromResult(false);
        }

        _reservations[replicaId] = (memoryBytes, time.GetUtcNow());
        Report();
        LogReserved(logger, replicaId, memoryBytes >> 20, _device.Name, _device.Index, (reserved + memoryBytes) >> 20, _device.MemoryBytes >> 20);
        return Task.FromResult(true);
    }

    public Task<bool> HoldsAsync(string replicaId) => Task.FromResult(_reservations.ContainsKey(replicaId));

    public Task ReleaseAsync(string replicaId)
    {
        if (_reservations.Remove(replicaId, out var released))
        {
            LogReleased(logger, replicaId, released.Bytes >> 20, _device.Name, _device.Index);
            Report();
        }

        return Task.CompletedTask;
    }

    private Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (replicaId, reservation) in _reservations.ToArray())
        {
            if (now - reservation.Since > ActivationGrace && !replicas.Contains(replicaId))
            {
                _reservations.Remove(replicaId);
                LogReleasedOrphan(logger, replicaId, reservation.Bytes >> 20, _device.Name, _device.Index);
                Report();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Publishes the reserved total to this silo's device metrics.</summary>
    private void Report() => reservedBytes.Set(_device.Index, _reservations.Values.Sum(r => r.Bytes));

    [LoggerMessage(LogEvents.DeviceReserved, LogLevel.Information, "Reserved {MiB} MiB for {Replica} on {Device} #{Index}: {Reserved}/{Total} MiB held")]
    private static partial void LogReserved(ILogger logger, string replica, long mib, string device, int index, long reserved, long total);

    [LoggerMessage(LogEvents.DeviceReleased, LogLevel.Information, "Released {MiB} MiB of {Replica} on {Device} #{Index}")]
    private static partial void LogReleased(ILogger logger, string replica, long mib, string device, int index);

    [LoggerMessage(LogEvents.DeviceReleasedOrphan, LogLevel.Warning, "Released {MiB} MiB held for {Replica} on {Device} #{Index}: the replica is not alive on this silo")]
    private static partial void LogReleasedOrphan(ILogger logger, string replica, long mib, string device, int index);
}
