namespace Granary.Devices;

/// <summary>Device memory held for one model replica.</summary>
[GenerateSerializer, Immutable, Alias("granary.DeviceReservation")]
public sealed record DeviceReservation([property: Id(0)] string ReplicaId, [property: Id(1)] long MemoryBytes);
