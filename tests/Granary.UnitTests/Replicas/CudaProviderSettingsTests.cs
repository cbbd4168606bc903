using Granary.Devices;
using Granary.Replicas.Runtime;

namespace Granary.UnitTests.Replicas;

public sealed class CudaProviderSettingsTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void The_reservation_becomes_the_arena_limit_on_the_reserved_device()
    {
        var device = new DeviceDescriptor(3, DeviceKind.Gpu, "H200", 141 * GiB, "nvml");

        var options = CudaProviderSettings.For(device, 6 * GiB + 17);

        Assert.Equal("3", options["device_id"]);
        Assert.Equal((6 * GiB + 17).ToString(System.Globalization.CultureInfo.InvariantCulture), options["gpu_mem_limit"]);
        Assert.Equal("kSameAsRequested", options["arena_extend_strategy"]);
        Assert.Equal("HEURISTIC", options["cudnn_conv_algo_search"]);
        Assert.Equal(4, options.Count);
    }

    [Fact]
    public void A_replica_without_a_reservation_gets_no_options_rather_than_an_unlimited_arena()
    {
        var device = new DeviceDescriptor(0, DeviceKind.Gpu, "gpu", 16 * GiB, "declared");

        Assert.Throws<ArgumentOutOfRangeException>(() => CudaProviderSettings.For(device, 0));
    }
}
