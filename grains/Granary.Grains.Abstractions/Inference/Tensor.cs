namespace Granary.Inference;

/// <summary>
/// A named tensor as it travels between the edge and a replica: the Open Inference Protocol datatype
/// name (FP32, INT64, BYTES, ...), the shape, and the bytes in the protocol's raw layout (little-endian;
/// BYTES elements each a 4-byte little-endian length then the bytes).
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.Tensor")]
public sealed record Tensor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Datatype,
    [property: Id(2)] long[] Shape,
    [property: Id(3)] ReadOnlyMemory<byte> Data)
{
    /// <summary>The size of the first dimension, or 1 for a scalar.</summary>
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];
}
