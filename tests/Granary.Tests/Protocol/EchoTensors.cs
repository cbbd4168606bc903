using System.Buffers.Binary;
using Google.Protobuf;
using Granary.Models.Synthesis;
using Granary.Protocol.Inference;

namespace Granary.Tests.Protocol;

/// <summary>One input per datatype for the echo model, in raw or typed form, with known values.</summary>
public static class EchoTensors
{
    public static readonly IReadOnlyDictionary<string, string> Datatypes = new Dictionary<string, string>
    {
        ["bool"] = "BOOL", ["uint8"] = "UINT8", ["int8"] = "INT8", ["int16"] = "INT16", ["int32"] = "INT32",
        ["int64"] = "INT64", ["fp16"] = "FP16", ["fp32"] = "FP32", ["fp64"] = "FP64", ["bytes"] = "BYTES",
    };

    public static void AddAll(ModelInferRequest request, int rows, bool raw)
    {
        var types = request.ModelName == "echo-fp16" ? ModelSynthesizer.HalfEchoTypes : ModelSynthesizer.EchoTypes;
        foreach (var (suffix, _) in types)
        {
            var datatype = Datatypes[suffix];
            var tensor = new ModelInferRequest.Types.InferInputTensor { Name = $"in_{suffix}", Datatype = datatype, Shape = { rows, 3 } };
            var bytes = RawValues(suffix, rows * 3);
            if (raw)
            {
                request.RawInputContents.Add(ByteString.CopyFrom(bytes));
            }
            else
            {
                tensor.Contents = Typed(suffix, bytes);
            }

            request.Inputs.Add(tensor);
        }
    }

    /// <summary>Distinct, sign-mixed values in the protocol's raw layout.</summary>
    public static byte[] RawValues(string suffix, int count)
    {
        using var buffer = new MemoryStream();
        Span<byte> b = stackalloc byte[8];
        for (var i = 0; i < count; i++)
        {
            var v = (i % 2 == 0 ? 1 : -1) * (i + 1);
            switch (suffix)
            {
                case "bool": buffer.WriteByte((byte)(i % 2)); break;
                case "uint8": buffer.WriteByte((byte)(200 + i)); break;
                case "int8": buffer.WriteByte(unchecked((byte)(sbyte)v)); break;
                case "int16": BinaryPrimitives.WriteInt16LittleEndian(b, (short)(v * 1000)); buffer.Write(b[..2]); break;
                case "int32": BinaryPrimitives.WriteInt32LittleEndian(b, v * 100_000); buffer.Write(b[..4]); break;
                case "int64": BinaryPrimitives.WriteInt64LittleEndian(b, v * 10_000_000_000L); buffer.Write(b[..8]); break;
                case "fp16": BinaryPrimitives.WriteHalfLittleEndian(b, (Half)(v * 0.5f)); buffer.Write(b[..2]); break;
                case "fp32": BinaryPrimitives.WriteSingleLittleEndian(b, v * 0.25f); buffer.Write(b[..4]); break;
                case "fp64": BinaryPrimitives.WriteDoubleLittleEndian(b, v * 0.125); buffer.Write(b[..8]); break;
                case "bytes":
                    var element = i == 1 ? [0, 255, 7] : System.Text.Encoding.UTF8.GetBytes($"élément {i}");
                    BinaryPrimitives.WriteInt32LittleEndian(b, element.Length);
                    buffer.Write(b[..4]);
                    buffer.Write(element);
                    break;
            }
        }

        return buffer.ToArray();
    }

    private static InferTensorContents Typed(string suffix, byte[] raw)
    {
        var contents = new InferTensorContents();
        switch (suffix)
        {
            case "bool": contents.BoolContents.Add(raw.Select(b => b != 0)); break;
            case "uint8": contents.UintContents.Add(raw.Select(b => (uint)b)); break;
            case "int8": contents.IntContents.Add(raw.Select(b => (int)unchecked((sbyte)b))); break;
            case "int16": contents.IntContents.Add(Chunks(raw, 2).Select(c => (int)BinaryPrimitives.ReadInt16LittleEndian(c))); break;
            case "int32": contents.IntContents.Add(Chunks(raw, 4).Select(c => BinaryPrimitives.ReadInt32LittleEndian(c))); break;
            case "int64": contents.Int64Contents.Add(Chunks(raw, 8).Select(c => BinaryPrimitives.ReadInt64LittleEndian(c))); break;
            case "fp32": contents.Fp32Contents.Add(Chunks(raw, 4).Select(c => BinaryPrimitives.ReadSingleLittleEndian(c))); break;
            case "fp64": contents.Fp64Contents.Add(Chunks(raw, 8).Select(c => BinaryPrimitives.ReadDoubleLittleEndian(c))); break;
            case "bytes": contents.BytesContents.Add(BytesElements(raw).Select(ByteString.CopyFrom)); break;
        }

        return contents;
    }

    public static IEnumerable<byte[]> BytesElements(byte[] raw)
    {
        for (var position = 0; position < raw.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(position));
            yield return raw.AsSpan(position + 4, length).ToArray();
            position += 4 + length;
        }
    }

    private static IEnumerable<byte[]> Chunks(byte[] raw, int size) => raw.Chunk(size);
}
