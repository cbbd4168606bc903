namespace Granary.Devices;

/// <summary>
/// One physical device (a GPU, or a silo's CPU and memory, which is a device class too), always active on
/// the silo that owns it. It is the authority on the device's memory: replicas reserve before they load
/// and release when they unload, and a reservation never takes the device past its memory.
/// Keyed by <see cref="DeviceKey"/>.
/// </summary>
[Alias("granary.IDeviceGrain")]
public interface IDeviceGrain : IGrainWithStringKey
{
    [Alias("GetState"), Orleans.Concurrency.ReadOnly]
    Task<DeviceState> GetStateAsync();

    /// <summary>Holds memory for a replica; true if held (again, for a replica that holds it already), false if it does not fit.</summary>
    [Alias("TryReserve")]
    Task<bool> TryReserveAsync(string replicaId, long memoryBytes);

    [Alias("Holds"), Orleans.Concurrency.ReadOnly]
    Task<bool> HoldsAsync(string replicaId);

    [Alias("Release")]
    Task ReleaseAsync(string replicaId);
}
