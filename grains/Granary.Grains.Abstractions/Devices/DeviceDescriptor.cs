namespace Granary.Devices;

/// <summary>
/// One device of one silo: a GPU found through NVML or declared in configuration, or the silo's CPU
/// and memory. <see cref="Source"/> says which: <c>nvml</c>, <c>declared</c> or <c>host</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.DeviceDescriptor")]
public sealed record DeviceDescriptor(
    [property: Id(0)] int Index,
    [property: Id(1)] DeviceKind Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] long MemoryBytes,
    [property: Id(4)] string Source);
