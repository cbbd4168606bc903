using Google.Protobuf;
using Granary.Protocol.Inference;

namespace Granary.Client;

/// <summary>
/// Converts between the raw layout and the protocol's typed <c>contents</c> fields. FP16 and BF16 have no typed
/// field, so tensors of those types travel raw only.
/// </summary>
internal static class TypedContents
{
    public static bool HasTypedField(string datatype) => datatype is not (TensorDatatype.Fp16 or TensorDatatype.Bf16);

    public static InferTensorContents FromRaw(string name, string datatype, ReadOnlySpan<byte> raw)
    {
        var contents = new InferTensorContents();
        switch (datatype)
        {
            case TensorDatatype.Bool:
                contents.BoolContents.Add(TensorEncoding.DecodeBool(raw));
                break;
            case TensorDatatype.UInt8:
                contents.UintContents.Add(Array.ConvertAll(raw.ToArray(), v => (uint)v));
                break;
            case TensorDatatype.UInt16:
                contents.UintContents.Add(Array.ConvertAll(TensorEncoding.Decode<ushort>(name, raw), v => (uint)v));
                break;
            case TensorDatatype.UInt32:
                contents.UintContents.Add(TensorEncoding.Decode<uint>(name, raw));
                break;
            case TensorDatatype.UInt64:
                contents.Uint64Contents.Add(TensorEncoding.Decode<ulong>(name, raw));
                break;
            case TensorDatatype.Int8:
                contents.IntContents.Add(Array.ConvertAll(TensorEncoding.Decode<sbyte>(name, raw), v => (int)v));
                break;
            case TensorDatatype.Int16:
                contents.IntContents.Add(Array.ConvertAll(TensorEncoding.Decode<short>(name, raw), v => (int)v));
                break;
            case TensorDatatype.Int32:
                contents.IntContents.Add(TensorEncoding.Decode<int>(name, raw));
                break;
            case TensorDatatype.Int64:
                contents.Int64Contents.Add(TensorEncoding.Decode<long>(name, raw));
                break;
            case TensorDatatype.Fp32:
                contents.Fp32Contents.Add(TensorEncoding.Decode<float>(name, raw));
                break;
            case TensorDatatype.Fp64:
                contents.Fp64Contents.Add(TensorEncoding.Decode<double>(name, raw));
                break;
            case TensorDatatype.Bytes:
                contents.BytesContents.Add(TensorEncoding.DecodeBytes(name, raw).Select(element => UnsafeByteOperations.UnsafeWrap(element)));
                break;
            default:
                throw new ArgumentException($"Tensor '{name}' is {datatype}, which has no typed contents field in the protocol.");
        }

        return contents;
    }

    public static byte[] ToRaw(string name, string datatype, InferTensorContents contents) => datatype switch
    {
        TensorDatatype.Bool => TensorEncoding.EncodeBool(contents.BoolContents.ToArray()),
        TensorDatatype.UInt8 => Narrow(contents.UintContents, v => checked((byte)v)),
        TensorDatatype.UInt16 => TensorEncoding.Encode<ushort>(Narrow(contents.UintContents, v => checked((ushort)v))),
        TensorDatatype.UInt32 => TensorEncoding.Encode<uint>(contents.UintContents.ToArray()),
        TensorDatatype.UInt64 => TensorEncoding.Encode<ulong>(contents.Uint64Contents.ToArray()),
        TensorDatatype.Int8 => TensorEncoding.Encode<sbyte>(Narrow(contents.IntContents, v => checked((sbyte)v))),
        TensorDatatype.Int16 => TensorEncoding.Encode<short>(Narrow(contents.IntContents, v => checked((short)v))),
        TensorDatatype.Int32 => TensorEncoding.Encode<int>(contents.IntContents.ToArray()),
        TensorDatatype.Int64 => TensorEncoding.Encode<long>(contents.Int64Contents.ToArray()),
        TensorDatatype.Fp32 => TensorEncoding.Encode<float>(contents.Fp32Contents.ToArray()),
        TensorDatatype.Fp64 => TensorEncoding.Encode<double>(contents.Fp64Contents.ToArray()),
        TensorDatatype.Bytes => TensorEncoding.EncodeBytes(contents.BytesContents.Select(b => b.ToByteArray()).ToArray()),
        _ => throw new InvalidDataException($"Tensor '{name}' is {datatype} but came in typed contents, which the protocol has no field for."),
    };

    private static TNarrow[] Narrow<TWide, TNarrow>(IReadOnlyList<TWide> values, Func<TWide, TNarrow> narrow)
    {
        var narrowed = new TNarrow[values.Count];
        for (var i = 0; i < narrowed.Length; i++)
        {
            narrowed[i] = narrow(values[i]);
        }

        return narrowed;
    }
}
