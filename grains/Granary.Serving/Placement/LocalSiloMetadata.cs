namespace Granary.Placement;

/// <summary>
/// The metadata this silo publishes (devices, labels, gRPC endpoint), readable here at once: the cluster's
/// metadata cache learns it from membership a moment after start.
/// </summary>
public sealed class LocalSiloMetadata(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;
}
