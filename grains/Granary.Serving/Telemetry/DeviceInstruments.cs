using System.Diagnostics.Metrics;
using System.Globalization;
using Granary.Devices;
using L = Granary.Telemetry.GranaryInstruments.Labels;

namespace Granary.Telemetry;

/// <summary>
/// This silo's devices, read at each scrape: memory in total and reserved by replicas, and utilisation where NVML
/// measures it (a GPU found through NVML; declared GPUs and the CPU report none).
/// </summary>
public sealed class DeviceInstruments
{
    public DeviceInstruments(IMeterFactory meters, DeviceInventory inventory, LocalDeviceReservations reservations)
    {
        var meter = meters.Create(GranaryInstruments.MeterName);
        meter.CreateObservableUpDownCounter(
            GranaryInstruments.DeviceMemoryTotal,
            () => inventory.Devices.Select(d => new Measurement<long>(d.MemoryBytes, TagsOf(d))),
            "By",
            "Memory of each device of this silo");
        meter.CreateObservableUpDownCounter(
            GranaryInstruments.DeviceMemoryReserved,
            () => inventory.Devices.Select(d => new Measurement<long>(reservations.Of(d.Index), TagsOf(d))),
            "By",
            "Device memory reserved by the replicas placed on it");
        meter.CreateObservableGauge(
            GranaryInstruments.DeviceUtilization,
            () => inventory.Devices
                .Select(d => (Device: d, inventory.Usage(d).UtilizationPercent))
                .Where(u => u.UtilizationPercent >= 0)
                .Select(u => new Measurement<double>(u.UtilizationPercent / 100.0, TagsOf(u.Device))),
            "1",
            "Busy share of each NVML-measured GPU over its last sample period");
    }

    private static KeyValuePair<string, object?>[] TagsOf(DeviceDescriptor device) =>
    [
        new(L.Device, device.Index.ToString(CultureInfo.InvariantCulture)),
        new(L.DeviceName, device.Name),
        new(L.DeviceKind, device.Kind.ToString().ToLowerInvariant()),
    ];
}
