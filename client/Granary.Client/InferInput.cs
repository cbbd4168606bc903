using Granary.Inference;
namespace Granary.Client;

/// <summary>
/// One named input tensor, encoded once in the protocol's raw layout when it is built, so the caller's buffer
/// may be reused as soon as the factory returns.
/// </summary>
public sealed class InferInput
{
    private readonly long[] _shape;

    private InferInput(string name, string datatype, long[] shape, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Datatype = datatype;
        _shape = shape;
        Data = data;
    }

    public string Name { get; }

    public string Datatype { get; }

    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The tensor in the protocol's raw layout.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    public static InferInput Bool(string name, ReadOnlySpan<bool> values, params long[] shape) =>
        new(name, Inference.Datatype.Bool, Checked(name, shape, values.Length), RawTensorEncoding.EncodeBool(values));

    public static InferInput UInt8(string name, ReadOnlySpan<byte> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.UInt8, values, shape);

    public static InferInput UInt16(string name, ReadOnlySpan<ushort> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.UInt16, values, shape);

    public static InferInput UInt32(string name, ReadOnlySpan<uint> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.UInt32, values, shape);

    public static InferInput UInt64(string name, ReadOnlySpan<ulong> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.UInt64, values, shape);

    public static InferInput Int8(string name, ReadOnlySpan<sbyte> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.Int8, values, shape);

    public static InferInput Int16(string name, ReadOnlySpan<short> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.Int16, values, shape);

    public static InferInput Int32(string name, ReadOnlySpan<int> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.Int32, values, shape);

    public static InferInput Int64(string name, ReadOnlySpan<long> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.Int64, values, shape);

    public static InferInput Fp16(string name, ReadOnlySpan<Half> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.Fp16, values, shape);

    public static InferInput Fp32(string name, ReadOnlySpan<float> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.Fp32, values, shape);

    public static InferInput Fp64(string name, ReadOnlySpan<double> values, params long[] shape) =>
        Fixed(name, Inference.Datatype.Fp64, values, shape);

    /// <summary>A BYTES tensor: each element an arbitrary byte string, such as UTF-8 text.</summary>
    public static InferInput Bytes(string name, IReadOnlyList<byte[]> elements, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(elements);
        return new(name, Inference.Datatype.Bytes, Checked(name, shape, elements.Count), RawTensorEncoding.EncodeBytes(elements));
    }

    private static InferInput Fixed<T>(string name, string datatype, ReadOnlySpan<T> values, long[] shape) where T : unmanaged =>
        new(name, datatype, Checked(name, shape, values.Length), RawTensorEncoding.Encode(values));

    private static long[] Checked(string name, long[] shape, int count)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long elements = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Input '{name}' has a negative dimension in shape [{string.Join(", ", shape)}]; send concrete sizes.", nameof(shape));
            }

            elements = checked(elements * dimension);
        }

        if (elements != count)
        {
            throw new ArgumentException($"Input '{name}' has {count} values but shape [{string.Join(", ", shape)}] needs {elements}.", nameof(shape));
        }

        return (long[])shape.Clone();
    }
}
