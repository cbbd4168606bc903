namespace Granary.Devices;

/// <summary>A device now: what it is, which replicas hold how much of its memory, and how busy it is.</summary>
[GenerateSerializer, Immutable, Alias("granary.DeviceState")]
public sealed record DeviceState(
    [property: Id(0)] string Key,
    [property: Id(1)] string Silo,
    [property: Id(2)] string SiloName,
    [property: Id(3)] DeviceDescriptor Device,
    [property: Id(4)] IReadOnlyList<DeviceReservation> Reservations,
    [property: Id(5)] long MemoryUsedBytes,
    [property: Id(6)] int UtilizationPercent)
{
    public long ReservedBytes => Reservations.Sum(r => r.MemoryBytes);

    public long FreeBytes => Device.MemoryBytes - ReservedBytes;
}
