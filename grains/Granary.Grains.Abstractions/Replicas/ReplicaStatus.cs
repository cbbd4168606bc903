namespace Granary.Replicas;

/// <summary>Where a replica runs and how busy it is now.</summary>
[GenerateSerializer, Immutable, Alias("granary.ReplicaStatus")]
public sealed record ReplicaStatus(
    [property: Id(0)] string ReplicaId,
    [property: Id(1)] string Silo,
    [property: Id(2)] string SiloName,
    [property: Id(3)] ReplicaState State,
    [property: Id(4)] int InFlight,
    [property: Id(5)] int Queued,
    [property: Id(6)] string ExecutionProvider,
    [property: Id(7)] long Served,
    [property: Id(8)] string Device,
    [property: Id(9)] string DeviceName);
