using Google.Protobuf;
using Granary.Inference;
using Granary.Protocol.Inference;

namespace Granary.Protocol;

/// <summary>
/// Converts the Open Inference Protocol's typed gRPC <c>contents</c> to and from the raw little-endian layout,
/// for the silo and the client alike. FP16 and BF16 have no typed field and travel raw only.
/// </summary>
public static class TypedContents
{
    public static bool HasTypedField(string datatype) => Datatype.HasTypedForm(datatype);

    /// <summary>The raw bytes of typed contents, which must hold exactly <paramref name="elements"/> values (any count when null).</summary>
    public static byte[] ToRaw(string name, string datatype, InferTensorContents contents, long? elements = null)
    {
        var count = datatype switch
        {
            Datatype.Bool => contents.BoolContents.Count,
            Datatype.UInt8 or Datatype.UInt16 or Datatype.UInt32 => contents.UintContents.Count,
            Datatype.UInt64 => contents.Uint64Contents.Count,
            Datatype.Int8 or Datatype.Int16 or Datatype.Int32 => contents.IntContents.Count,
            Datatype.Int64 => contents.Int64Contents.Count,
            Datatype.Fp32 => contents.Fp32Contents.Count,
            Datatype.Fp64 => contents.Fp64Contents.Count,
            Datatype.Bytes => contents.BytesContents.Count,
            _ => throw new TensorFormatException($"input '{name}' is {datatype}, which has no typed contents field in the protocol; send it in raw_input_contents", name),
        };
        if (elements is { } expected && count != expected)
        {
            throw new TensorFormatException($"input '{name}' has {count} values in contents; its shape needs {expected}", name);
        }

        return datatype switch
        {
            Datatype.Bool => RawTensorEncoding.EncodeBool(contents.BoolContents.ToArray()),
            Datatype.UInt8 => Narrow(name, contents.UintContents, v => checked((byte)v)),
            Datatype.UInt16 => RawTensorEncoding.Encode<ushort>(Narrow(name, contents.UintContents, v => checked((ushort)v))),
            Datatype.UInt32 => RawTensorEncoding.Encode<uint>(contents.UintContents.ToArray()),
            Datatype.UInt64 => RawTensorEncoding.Encode<ulong>(contents.Uint64Contents.ToArray()),
            Datatype.Int8 => RawTensorEncoding.Encode<sbyte>(Narrow(name, contents.IntContents, v => checked((sbyte)v))),
            Datatype.Int16 => RawTensorEncoding.Encode<short>(Narrow(name, contents.IntContents, v => checked((short)v))),
            Datatype.Int32 => RawTensorEncoding.Encode<int>(contents.IntContents.ToArray()),
            Datatype.Int64 => RawTensorEncoding.Encode<long>(contents.Int64Contents.ToArray()),
            Datatype.Fp32 => RawTensorEncoding.Encode<float>(contents.Fp32Contents.ToArray()),
            Datatype.Fp64 => RawTensorEncoding.Encode<double>(contents.Fp64Contents.ToArray()),
            _ => RawTensorEncoding.EncodeBytes(contents.BytesContents.Select(b => b.ToByteArray()).ToArray()),
        };
    }

    /// <summary>The typed contents of raw bytes; throws <see cref="TensorFormatException"/> for FP16 and BF16.</summary>
    public static InferTensorContents FromRaw(string name, string datatype, ReadOnlySpan<byte> raw)
    {
        var contents = new InferTensorContents();
        switch (datatype)
        {
            case Datatype.Bool:
                contents.BoolContents.Add(RawTensorEncoding.DecodeBool(raw));
                break;
            case Datatype.UInt8:
                contents.UintContents.Add(Array.ConvertAll(raw.ToArray(), v => (uint)v));
                break;
            case Datatype.UInt16:
                contents.UintContents.Add(Array.ConvertAll(RawTensorEncoding.Decode<ushort>(name, raw), v => (uint)v));
                break;
            case Datatype.UInt32:
                contents.UintContents.Add(RawTensorEncoding.Decode<uint>(name, raw));
                break;
            case Datatype.UInt64:
                contents.Uint64Contents.Add(RawTensorEncoding.Decode<ulong>(name, raw));
                break;
            case Datatype.Int8:
                contents.IntContents.Add(Array.ConvertAll(RawTensorEncoding.Decode<sbyte>(name, raw), v => (int)v));
                break;
            case Datatype.Int16:
                contents.IntContents.Add(Array.ConvertAll(RawTensorEncoding.Decode<short>(name, raw), v => (int)v));
                break;
            case Datatype.Int32:
                contents.IntContents.Add(RawTensorEncoding.Decode<int>(name, raw));
                break;
            case Datatype.Int64:
                contents.Int64Contents.Add(RawTensorEncoding.Decode<long>(name, raw));
                break;
            case Datatype.Fp32:
                contents.Fp32Contents.Add(RawTensorEncoding.Decode<float>(name, raw));
                break;
            case Datatype.Fp64:
                contents.Fp64Contents.Add(RawTensorEncoding.Decode<double>(name, raw));
                break;
            case Datatype.Bytes:
                contents.BytesContents.Add(RawTensorEncoding.DecodeBytes(name, raw).Select(element => UnsafeByteOperations.UnsafeWrap(element)));
                break;
            default:
                throw new TensorFormatException($"tensor '{name}' is {datatype}, which has no typed contents field in the protocol", name);
        }

        return contents;
    }

    private static TNarrow[] Narrow<TWide, TNarrow>(string name, IReadOnlyList<TWide> values, Func<TWide, TNarrow> narrow)
    {
        var narrowed = new TNarrow[values.Count];
        try
        {
            for (var i = 0; i < narrowed.Length; i++)
            {
                narrowed[i] = narrow(values[i]);
            }
        }
        catch (OverflowException)
        {
            throw new TensorFormatException($"tensor '{name}' holds a value out of its datatype's range", name);
        }

        return narrowed;
    }
}
