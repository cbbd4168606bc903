using System.Runtime.InteropServices;
using Google.Protobuf;
using Granary.Inference;
using Granary.Protocol.Inference;

namespace Granary.Silo.Grpc;

/// <summary>
/// Converts the protocol's typed <c>contents</c> to and from the raw little-endian layout replicas use.
/// FP16 and BF16 have no typed field in the protocol and travel raw only.
/// </summary>
public static class TypedContents
{
    /// <summary>Whether the protocol has a typed contents field for <paramref name="datatype"/>.</summary>
    public static bool HasTypedField(string datatype) => datatype is not ("FP16" or "BF16");

    public static byte[] ToRaw(string name, string datatype, InferTensorContents contents, long elements)
    {
        byte[] raw = datatype switch
        {
            "BOOL" => Expect(name, contents.BoolContents.Count, elements, () => contents.BoolContents.Select(b => b ? (byte)1 : (byte)0).ToArray()),
            "UINT8" => Expect(name, contents.UintContents.Count, elements, () => contents.UintContents.Select(v => (byte)v).ToArray()),
            "UINT16" => Expect(name, contents.UintContents.Count, elements, () => Bytes(contents.UintContents.Select(v => (ushort)v).ToArray())),
            "UINT32" => Expect(name, contents.UintContents.Count, elements, () => Bytes(contents.UintContents.ToArray())),
            "UINT64" => Expect(name, contents.Uint64Contents.Count, elements, () => Bytes(contents.Uint64Contents.ToArray())),
            "INT8" => Expect(name, contents.IntContents.Count, elements, () => contents.IntContents.Select(v => unchecked((byte)(sbyte)v)).ToArray()),
            "INT16" => Expect(name, contents.IntContents.Count, elements, () => Bytes(contents.IntContents.Select(v => (short)v).ToArray())),
            "INT32" => Expect(name, contents.IntContents.Count, elements, () => Bytes(contents.IntContents.ToArray())),
            "INT64" => Expect(name, contents.Int64Contents.Count, elements, () => Bytes(contents.Int64Contents.ToArray())),
            "FP32" => Expect(name, contents.Fp32Contents.Count, elements, () => Bytes(contents.Fp32Contents.ToArray())),
            "FP64" => Expect(name, contents.Fp64Contents.Count, elements, () => Bytes(contents.Fp64Contents.ToArray())),
            Datatype.Bytes => Expect(name, contents.BytesContents.Count, elements, () => LengthPrefixed(contents.BytesContents)),
            _ => throw new InvalidInferenceRequestException($"input '{name}' is {datatype}, which has no typed contents field in the protocol; send it in raw_input_contents", name),
        };
        return raw;
    }

    /// <summary>Fills <paramref name="contents"/> from raw bytes; false for datatypes that only travel raw.</summary>
    public static bool TryFromRaw(string datatype, ReadOnlySpan<byte> raw, InferTensorContents contents)
    {
        switch (datatype)
        {
            case "BOOL":
                foreach (var b in raw)
                {
                    contents.BoolContents.Add(b != 0);
                }

                return true;
            case "UINT8":
                foreach (var b in raw)
                {
                    contents.UintContents.Add(b);
                }

                return true;
            case "UINT16":
                foreach (var v in MemoryMarshal.Cast<byte, ushort>(raw))
                {
                    contents.UintContents.Add(v);
                }

                return true;
            case "UINT32":
                contents.UintContents.Add(MemoryMarshal.Cast<byte, uint>(raw).ToArray());
                return true;
            case "UINT64":
                contents.Uint64Contents.Add(MemoryMarshal.Cast<byte, ulong>(raw).ToArray());
                return true;
            case "INT8":
                foreach (var b in raw)
                {
                    contents.IntContents.Add(unchecked((sbyte)b));
                }

                return true;
            case "INT16":
                foreach (var v in MemoryMarshal.Cast<byte, short>(raw))
                {
                    contents.IntContents.Add(v);
                }

                return true;
            case "INT32":
                contents.IntContents.Add(MemoryMarshal.Cast<byte, int>(raw).ToArray());
                return true;
            case "INT64":
                contents.Int64Contents.Add(MemoryMarshal.Cast<byte, long>(raw).ToArray());
                return true;
            case "FP32":
                contents.Fp32Contents.Add(MemoryMarshal.Cast<byte, float>(raw).ToArray());
                return true;
            case "FP64":
                contents.Fp64Contents.Add(MemoryMarshal.Cast<byte, double>(raw).ToArray());
                return true;
            case Datatype.Bytes:
                var position = 0;
                while (position < raw.Length)
                {
                    var length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(raw[position..]);
                    contents.BytesContents.Add(ByteString.CopyFrom(raw.Slice(position + 4, length)));
                    position += 4 + length;
                }

                return true;
            default:
                return false;
        }
    }

    private static byte[] Expect(string name, int count, long elements, Func<byte[]> convert) =>
        count == elements
            ? convert()
            : throw new InvalidInferenceRequestException($"input '{name}' has {count} values in contents; its shape needs {elements}", name);

    private static byte[] Bytes<T>(T[] values) where T : struct => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

    private static byte[] LengthPrefixed(IEnumerable<ByteString> elements)
    {
        using var buffer = new MemoryStream();
        foreach (var element in elements)
        {
            BytesTensorLayout.WriteElement(buffer, element.Span);
        }

        return buffer.ToArray();
    }
}
