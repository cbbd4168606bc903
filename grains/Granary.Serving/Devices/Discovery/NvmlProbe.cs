using System.Runtime.InteropServices;
using System.Text;

namespace Granary.Devices.Discovery;

/// <summary>One GPU as NVML reports it.</summary>
/// <param name="Index">NVML device index.</param>
/// <param name="Name">Product name, e.g. "NVIDIA H100 80GB HBM3".</param>
/// <param name="MemoryTotalBytes">Installed device memory.</param>
/// <param name="MemoryUsedBytes">Device memory in use by all processes.</param>
/// <param name="UtilizationPercent">GPU busy percentage over NVML's last sample period, or -1 when unavailable.</param>
public sealed record NvmlGpu(int Index, string Name, long MemoryTotalBytes, long MemoryUsedBytes, int UtilizationPercent);

/// <summary>
/// Reads NVIDIA GPUs through NVML (<c>libnvidia-ml.so.1</c>). Exports are resolved at run time and called
/// through function pointers, so a host without the driver gets <see langword="null"/> from
/// <see cref="TryOpen"/> instead of a load-time exception.
/// </summary>
public sealed unsafe class NvmlProbe : IDisposable
{
    private const int Success = 0;

    // NVML_DEVICE_NAME_V2_BUFFER_SIZE: the largest name buffer any NVML version asks for.
    private const int NameBufferBytes = 96;

    // Resolved up front so a partial NVML install is rejected at open; the constructor reads them by position.
    private static readonly string[] ExportNames =
    [
        "nvmlInit_v2",
        "nvmlShutdown",
        "nvmlDeviceGetCount_v2",
        "nvmlDeviceGetHandleByIndex_v2",
        "nvmlDeviceGetName",
        "nvmlDeviceGetMemoryInfo",
        "nvmlDeviceGetUtilizationRates",
    ];

    private readonly Lock _gate = new();
    private readonly nint _library;
    private readonly delegate* unmanaged<int> _shutdown;
    private readonly delegate* unmanaged<uint*, int> _getCount;
    private readonly delegate* unmanaged<uint, nint*, int> _getHandleByIndex;
    private readonly delegate* unmanaged<nint, byte*, uint, int> _getName;
    private readonly delegate* unmanaged<nint, NvmlMemory*, int> _getMemoryInfo;
    private readonly delegate* unmanaged<nint, NvmlUtilization*, int> _getUtilizationRates;
    private bool _disposed;

    private NvmlProbe(nint library, nint[] exports)
    {
        _library = library;
        _shutdown = (delegate* unmanaged<int>)exports[1];
        _getCount = (delegate* unmanaged<uint*, int>)exports[2];
        _getHandleByIndex = (delegate* unmanaged<uint, nint*, int>)exports[3];
        _getName = (delegate* unmanaged<nint, byte*, uint, int>)exports[4];
        _getMemoryInfo = (delegate* unmanaged<nint, NvmlMemory*, int>)exports[5];
        _getUtilizationRates = (delegate* unmanaged<nint, NvmlUtilization*, int>)exports[6];
    }

    /// <summary>
    /// Loads NVML and initialises it. Returns <see langword="null"/> when the library or one of its exports
    /// is missing, or when initialisation fails (no driver, no GPU); never throws.
    /// </summary>
    public static NvmlProbe? TryOpen()
    {
        if (!NativeLibrary.TryLoad("libnvidia-ml.so.1", out var library))
        {
            return null;
        }

        var exports = new nint[ExportNames.Length];
        for (var i = 0; i < exports.Length; i++)
        {
            if (!NativeLibrary.TryGetExport(library, ExportNames[i], out exports[i]))
            {
                NativeLibrary.Free(library);
                return null;
            }
        }

        if (((delegate* unmanaged<int>)exports[0])() != Success)
        {
            NativeLibrary.Free(library);
            return null;
        }

        return new NvmlProbe(library, exports);
    }

    /// <summary>
    /// Every GPU NVML sees now, in index order. A device whose handle, name or memory query fails is
    /// skipped. Empty after <see cref="Dispose"/>.
    /// </summary>
    public IReadOnlyList<NvmlGpu> ReadGpus()
    {
        lock (_gate)
        {
            uint count;
            if (_disposed || _getCount(&count) != Success)
            {
                return [];
            }

            var gpus = new List<NvmlGpu>((int)count);
            for (var i = 0; i < (int)count; i++)
            {
                if (ReadDevice(i) is { } gpu)
                {
                    gpus.Add(gpu);
                }
            }

            return gpus;
        }
    }

    /// <summary>
    /// One GPU's current memory use and utilisation, or <see langword="null"/> when the index is invalid,
    /// an NVML call fails, or the probe is disposed.
    /// </summary>
    public NvmlGpu? Read(int index)
    {
        lock (_gate)
        {
            return _disposed || index < 0 ? null : ReadDevice(index);
        }
    }

    /// <summary>Shuts NVML down and unloads the library; later reads return nothing.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _shutdown();
            NativeLibrary.Free(_library);
        }
    }

    private NvmlGpu? ReadDevice(int index)
    {
        nint device;
        var name = stackalloc byte[NameBufferBytes];
        NvmlMemory memory;
        if (_getHandleByIndex((uint)index, &device) != Success
            || _getName(device, name, NameBufferBytes) != Success
            || _getMemoryInfo(device, &memory) != Success)
        {
            return null;
        }

        NvmlUtilization utilization;
        var percent = _getUtilizationRates(device, &utilization) == Success ? (int)utilization.Gpu : -1;
        var nameBytes = new ReadOnlySpan<byte>(name, NameBufferBytes);
        var length = nameBytes.IndexOf((byte)0);
        return new NvmlGpu(
            index,
            Encoding.UTF8.GetString(length < 0 ? nameBytes : nameBytes[..length]),
            (long)memory.Total,
            (long)memory.Used,
            percent);
    }

    // nvmlMemory_t
    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    // nvmlUtilization_t
    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlUtilization
    {
        public uint Gpu;
        public uint Memory;
    }
}
