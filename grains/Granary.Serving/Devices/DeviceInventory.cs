using System.Globalization;
using Granary.Devices.Discovery;
using Microsoft.Extensions.Configuration;

namespace Granary.Devices;

/// <summary>
/// This silo's devices, found once at start: NVIDIA GPUs through NVML when the driver is present,
/// otherwise the GPUs declared in <c>Granary:Devices</c>; and always one CPU device (the host's memory,
/// or a declared <c>cpu</c> entry), because CPU is a device class too.
/// </summary>
public sealed class DeviceInventory : IDisposable
{
    public const string Section = "Granary:Devices";

    private readonly NvmlProbe? _nvml;

    private DeviceInventory(IReadOnlyList<DeviceDescriptor> devices, NvmlProbe? nvml)
    {
        Devices = devices;
        _nvml = nvml;
    }

    public IReadOnlyList<DeviceDescriptor> Devices { get; }

    public static DeviceInventory Discover(IConfiguration configuration)
    {
        var declared = configuration.GetSection(Section).Get<DeclaredDevice[]>() ?? [];
        foreach (var device in declared)
        {
            Validate(device);
        }

        var nvml = NvmlProbe.TryOpen();
        var found = nvml?.ReadGpus() ?? [];
        var gpus = found.Count > 0
            ? found.Select(g => new DeviceDescriptor(0, DeviceKind.Gpu, g.Name, g.MemoryTotalBytes, "nvml"))
            : declared.Where(d => IsKind(d, "gpu")).Select(d => new DeviceDescriptor(0, DeviceKind.Gpu, d.Name, GiB(d.MemoryGiB), "declared"));
        var cpu = declared.FirstOrDefault(d => IsKind(d, "cpu")) is { } declaredCpu
            ? new DeviceDescriptor(0, DeviceKind.Cpu, declaredCpu.Name, GiB(declaredCpu.MemoryGiB), "declared")
            : new DeviceDescriptor(0, DeviceKind.Cpu, $"{Environment.ProcessorCount} cores", GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, "host");
        if (found.Count == 0)
        {
            nvml?.Dispose();
            nvml = null;
        }

        var devices = gpus.Append(cpu).Select((d, i) => d with { Index = i }).ToArray();
        return new DeviceInventory(devices, nvml);
    }

    public DeviceDescriptor? Find(int index) => index >= 0 && index < Devices.Count ? Devices[index] : null;

    /// <summary>Live memory use and utilisation of an NVML device; (-1, -1) for declared and host devices.</summary>
    public (long MemoryUsedBytes, int UtilizationPercent) Usage(DeviceDescriptor device) =>
        device.Source == "nvml" && _nvml?.Read(device.Index) is { } live ? (live.MemoryUsedBytes, live.UtilizationPercent) : (-1, -1);

    public void Dispose() => _nvml?.Dispose();

    private static bool IsKind(DeclaredDevice device, string kind) => string.Equals(device.Kind, kind, StringComparison.OrdinalIgnoreCase);

    private static long GiB(double gib) => (long)(gib * (1L << 30));

    private static void Validate(DeclaredDevice device)
    {
        if (!IsKind(device, "gpu") && !IsKind(device, "cpu"))
        {
            throw new InvalidOperationException($"{Section}: kind must be gpu or cpu (got '{device.Kind}').");
        }

        if (device.MemoryGiB <= 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{Section}: device '{device.Name}' needs MemoryGiB > 0 (got {device.MemoryGiB})."));
        }
    }
}
