using Granary.Inference;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Granary.Client;

namespace Granary.Cli.Inputs;

/// <summary>Reads JSON leaves as the model input's datatype: numbers for numeric types, true/false or 0/1 for BOOL, strings for BYTES.</summary>
internal static class JsonTensorConverter
{
    public static InferInput ToInferInput(string name, string datatype, long[] shape, IReadOnlyList<JsonElement> values) => datatype switch
    {
        Datatype.Bool => InferInput.Bool(name, Read(values, v => ReadBool(name, v)), shape),
        Datatype.UInt8 => InferInput.UInt8(name, Read(values, v => ReadInteger<byte>(name, datatype, v)), shape),
        Datatype.UInt16 => InferInput.UInt16(name, Read(values, v => ReadInteger<ushort>(name, datatype, v)), shape),
        Datatype.UInt32 => InferInput.UInt32(name, Read(values, v => ReadInteger<uint>(name, datatype, v)), shape),
        Datatype.UInt64 => InferInput.UInt64(name, Read(values, v => ReadInteger<ulong>(name, datatype, v)), shape),
        Datatype.Int8 => InferInput.Int8(name, Read(values, v => ReadInteger<sbyte>(name, datatype, v)), shape),
        Datatype.Int16 => InferInput.Int16(name, Read(values, v => ReadInteger<short>(name, datatype, v)), shape),
        Datatype.Int32 => InferInput.Int32(name, Read(values, v => ReadInteger<int>(name, datatype, v)), shape),
        Datatype.Int64 => InferInput.Int64(name, Read(values, v => ReadInteger<long>(name, datatype, v)), shape),
        Datatype.Fp16 => InferInput.Fp16(name, Read(values, v => (Half)ReadReal(name, v)), shape),
        Datatype.Fp32 => InferInput.Fp32(name, Read(values, v => (float)ReadReal(name, v)), shape),
        Datatype.Fp64 => InferInput.Fp64(name, Read(values, v => ReadReal(name, v)), shape),
        Datatype.Bytes => InferInput.Bytes(name, Read(values, v => ReadString(name, v)), shape),
        _ => throw new CommandInputException($"input '{name}' is {datatype}, which the CLI cannot read from JSON."),
    };

    private static T[] Read<T>(IReadOnlyList<JsonElement> values, Func<JsonElement, T> read)
    {
        var typed = new T[values.Count];
        for (var i = 0; i < typed.Length; i++)
        {
            typed[i] = read(values[i]);
        }

        return typed;
    }

    private static bool ReadBool(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.TryGetInt32(out var number) && number is 0 or 1 => number == 1,
        _ => throw Unreadable(name, value, "true, false, 0 or 1"),
    };

    private static T ReadInteger<T>(string name, string datatype, JsonElement value) where T : IBinaryInteger<T>
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            try
            {
                if (value.TryGetInt64(out var signed))
                {
                    return T.CreateChecked(signed);
                }

                if (value.TryGetUInt64(out var unsigned))
                {
                    return T.CreateChecked(unsigned);
                }
            }
            catch (OverflowException)
            {
                throw Unreadable(name, value, $"an integer in the range of {datatype}");
            }
        }

        throw Unreadable(name, value, $"an integer ({datatype})");
    }

    private static double ReadReal(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw Unreadable(name, value, "a number");

    private static byte[] ReadString(string name, JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(value.GetString()!) : throw Unreadable(name, value, "a string");

    private static CommandInputException Unreadable(string name, JsonElement value, string expected) =>
        new($"input '{name}': {value.GetRawText()} is not {expected}.");
}
