using System.Globalization;
using Granary.Devices;

namespace Granary.Replicas.Runtime;

/// <summary>
/// Turns a replica's device reservation into the options of ONNX Runtime's CUDA execution provider, so the
/// bytes the placement director reserved are the most the session's memory arena may take.
/// </summary>
public static class CudaProviderSettings
{
    /// <summary>The provider options for a session on <paramref name="device"/> holding <paramref name="reservationBytes"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(DeviceDescriptor device, long reservationBytes)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reservationBytes);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = device.Index.ToString(CultureInfo.InvariantCulture),
            // The arena may grow to the reservation and no further; other replicas' reservations share the card.
            ["gpu_mem_limit"] = reservationBytes.ToString(CultureInfo.InvariantCulture),
            // The default (kNextPowerOfTwo) doubles each extension, which would reach the limit long before the
            // model needs it and fail an allocation that exactly-sized extensions would have fit.
            ["arena_extend_strategy"] = "kSameAsRequested",
            // EXHAUSTIVE benchmarks every convolution algorithm and takes workspace memory outside the arena
            // accounting while it does; HEURISTIC picks from cuDNN's heuristics with no trial allocations, so
            // the first requests stay fast and within the reservation.
            ["cudnn_conv_algo_search"] = "HEURISTIC",
        };
    }
}
