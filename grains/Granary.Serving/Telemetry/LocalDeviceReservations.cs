using System.Collections.Concurrent;

namespace Granary.Telemetry;

/// <summary>The bytes reserved on each of this silo's devices, as their device grains (always local) last reported.</summary>
public sealed class LocalDeviceReservations
{
    private readonly ConcurrentDictionary<int, long> _reserved = new();

    public void Set(int deviceIndex, long bytes) => _reserved[deviceIndex] = bytes;

    public long Of(int deviceIndex) => _reserved.GetValueOrDefault(deviceIndex);
}
