using Orleans.Placement;

namespace Granary.Placement;

/// <summary>Places a device grain on the silo named in its key: the silo that owns the device.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("granary.DeviceOwnerPlacement")]
public sealed class DeviceOwnerPlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class)]
public sealed class DeviceOwnerPlacementAttribute() : PlacementAttribute(new DeviceOwnerPlacement());
