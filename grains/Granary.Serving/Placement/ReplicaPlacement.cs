using Orleans.Placement;

namespace Granary.Placement;

/// <summary>Places a model replica on a silo with a device of the class, memory and labels its model needs.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("granary.ReplicaPlacement")]
public sealed class ReplicaPlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class)]
public sealed class ReplicaPlacementAttribute() : PlacementAttribute(new ReplicaPlacement());
