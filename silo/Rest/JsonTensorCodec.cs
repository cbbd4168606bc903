using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Granary.Inference;

namespace Granary.Silo.Rest;

/// <summary>
/// Converts the REST protocol's JSON <c>data</c> arrays to and from the raw little-endian layout replicas use.
/// FP16 and BF16 have no JSON form and travel as binary tensor data only. JSON has no NaN or infinities, so
/// FP32 and FP64 carry them as the strings "NaN", "Infinity" and "-Infinity", both ways.
/// </summary>
public static class JsonTensorCodec
{
    /// <summary>Whether <paramref name="datatype"/> can be written as JSON at all.</summary>
    public static bool HasJsonForm(string datatype) => datatype is not ("FP16" or "BF16");

    /// <summary>Whether these raw values can be written as JSON: BYTES only when every element is UTF-8 text.</summary>
    public static bool HasJsonForm(string datatype, ReadOnlySpan<byte> raw)
    {
        if (datatype != Datatype.Bytes)
        {
            return HasJsonForm(datatype);
        }

        while (raw.Length >= 4)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(raw);
            if (!Utf8.IsValid(raw.Slice(4, length)))
            {
                return false;
            }

            raw = raw[(4 + length)..];
        }

        return true;
    }

    /// <summary>Reads flat or nested (row-major) <paramref name="data"/> of an input whose shape holds <paramref name="elements"/>.</summary>
    public static byte[] ToRaw(string input, string datatype, JsonElement data, long elements)
    {
        if (!HasJsonForm(datatype))
        {
            throw Invalid(input, $"input '{input}' is {datatype}, which has no JSON form; send it as binary tensor data (parameters.binary_data_size and the Inference-Header-Content-Length header)");
        }

        if (data.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(input, $"input '{input}' has data that is not a JSON array");
        }

        var buffer = new ArrayBufferWriter<byte>();
        long count = 0;
        Append(input, datatype, data, buffer, ref count);
        return count == elements
            ? buffer.WrittenSpan.ToArray()
            : throw Invalid(input, $"input '{input}' has {count} values in data; its shape needs {elements}");
    }

    /// <summary>Writes raw values as a flat JSON array; the caller has checked <see cref="HasJsonForm(string, ReadOnlySpan{byte})"/>.</summary>
    public static void WriteData(Utf8JsonWriter writer, string datatype, ReadOnlySpan<byte> raw)
    {
        writer.WriteStartArray();
        var size = Math.Max(1, Datatype.ElementSize(datatype));
        for (var i = 0; i + size <= raw.Length;)
        {
            var value = raw[i..];
            switch (datatype)
            {
                case "BOOL": writer.WriteBooleanValue(value[0] != 0); break;
                case "UINT8": writer.WriteNumberValue(value[0]); break;
                case "UINT16": writer.WriteNumberValue(BinaryPrimitives.ReadUInt16LittleEndian(value)); break;
                case "UINT32": writer.WriteNumberValue(BinaryPrimitives.ReadUInt32LittleEndian(value)); break;
                case "UINT64": writer.WriteNumberValue(BinaryPrimitives.ReadUInt64LittleEndian(value)); break;
                case "INT8": writer.WriteNumberValue(unchecked((sbyte)value[0])); break;
                case "INT16": writer.WriteNumberValue(BinaryPrimitives.ReadInt16LittleEndian(value)); break;
                case "INT32": writer.WriteNumberValue(BinaryPrimitives.ReadInt32LittleEndian(value)); break;
                case "INT64": writer.WriteNumberValue(BinaryPrimitives.ReadInt64LittleEndian(value)); break;
                case "FP32": WriteFloat(writer, BinaryPrimitives.ReadSingleLittleEndian(value)); break;
                case "FP64": WriteFloat(writer, BinaryPrimitives.ReadDoubleLittleEndian(value)); break;
                case Datatype.Bytes:
                    var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(value);
                    writer.WriteStringValue(value.Slice(4, length));
                    i += 4 + length;
                    continue;
                default: throw new ArgumentException($"{datatype} has no JSON form", nameof(datatype));
            }

            i += size;
        }

        writer.WriteEndArray();
    }

    private static void Append(string input, string datatype, JsonElement value, ArrayBufferWriter<byte> buffer, ref long count)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                Append(input, datatype, item, buffer, ref count);
            }

            return;
        }

        count++;
        if (datatype == Datatype.Bytes)
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : throw NotA(input, value, "string");
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), (uint)bytes.Length);
            buffer.Advance(4);
            buffer.Write(bytes);
            return;
        }

        var span = buffer.GetSpan(8);
        switch (datatype)
        {
            case "BOOL": span[0] = value.ValueKind switch { JsonValueKind.True => 1, JsonValueKind.False => 0, _ => throw NotA(input, value, "true or false") }; break;
            case "UINT8": span[0] = Number(input, value).TryGetByte(out var u8) ? u8 : throw NotA(input, value, datatype); break;
            case "UINT16": BinaryPrimitives.WriteUInt16LittleEndian(span, Number(input, value).TryGetUInt16(out var u16) ? u16 : throw NotA(input, value, datatype)); break;
            case "UINT32": BinaryPrimitives.WriteUInt32LittleEndian(span, Number(input, value).TryGetUInt32(out var u32) ? u32 : throw NotA(input, value, datatype)); break;
            case "UINT64": BinaryPrimitives.WriteUInt64LittleEndian(span, Number(input, value).TryGetUInt64(out var u64) ? u64 : throw NotA(input, value, datatype)); break;
            case "INT8": span[0] = unchecked((byte)(Number(input, value).TryGetSByte(out var i8) ? i8 : throw NotA(input, value, datatype))); break;
            case "INT16": BinaryPrimitives.WriteInt16LittleEndian(span, Number(input, value).TryGetInt16(out var i16) ? i16 : throw NotA(input, value, datatype)); break;
            case "INT32": BinaryPrimitives.WriteInt32LittleEndian(span, Number(input, value).TryGetInt32(out var i32) ? i32 : throw NotA(input, value, datatype)); break;
            case "INT64": BinaryPrimitives.WriteInt64LittleEndian(span, Number(input, value).TryGetInt64(out var i64) ? i64 : throw NotA(input, value, datatype)); break;
            case "FP32": BinaryPrimitives.WriteSingleLittleEndian(span, (float)ReadFloat(input, value, datatype)); break;
            case "FP64": BinaryPrimitives.WriteDoubleLittleEndian(span, ReadFloat(input, value, datatype)); break;
            default: throw Invalid(input, $"input '{input}' has unknown datatype '{datatype}'");
        }

        buffer.Advance(Datatype.ElementSize(datatype));
    }

    private static double ReadFloat(string input, JsonElement value, string datatype)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                _ => throw NotA(input, value, datatype),
            };
        }

        if (datatype == "FP32")
        {
            return Number(input, value).TryGetSingle(out var single) && float.IsFinite(single) ? single : throw NotA(input, value, datatype);
        }

        return Number(input, value).TryGetDouble(out var number) && double.IsFinite(number) ? number : throw NotA(input, value, datatype);
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteFloat(writer, (double)value);
        }
    }

    private static JsonElement Number(string input, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value : throw NotA(input, value, "number");

    private static InvalidInferenceRequestException NotA(string input, JsonElement value, string what) =>
        Invalid(input, $"input '{input}' has the value {Abbreviate(value.GetRawText())} in data, which is not a {what}");

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static InvalidInferenceRequestException Invalid(string input, string message) => new(message, input);
}
