using Granary.Inference;
using System.Globalization;
using System.Text;
using Granary.Client;

namespace Granary.Cli.Output;

/// <summary>Prints an inference result: each output's name, datatype and shape, then its first values.</summary>
internal static class TensorPrinter
{
    private const int ShownValues = 20;

    public static void Print(TextWriter writer, InferResult result)
    {
        var id = string.IsNullOrEmpty(result.Id) ? "" : $", request {result.Id}";
        writer.WriteLine($"model {result.ModelName}, version {result.ModelVersion}{id}");
        foreach (var output in result.Outputs)
        {
            writer.WriteLine($"{output.Name}  {output.Datatype}  {ShapeText.Format(output.Shape)}");
            writer.WriteLine($"  {Values(result, output)}");
        }
    }

    private static string Values(InferResult result, InferOutput output)
    {
        var name = output.Name;
        return output.Datatype switch
        {
            Datatype.Bool => Format(result.AsBool(name), v => v ? "true" : "false"),
            Datatype.UInt8 => Format(result.AsUInt8(name), Integer),
            Datatype.UInt16 => Format(result.AsUInt16(name), Integer),
            Datatype.UInt32 => Format(result.AsUInt32(name), Integer),
            Datatype.UInt64 => Format(result.AsUInt64(name), Integer),
            Datatype.Int8 => Format(result.AsInt8(name), Integer),
            Datatype.Int16 => Format(result.AsInt16(name), Integer),
            Datatype.Int32 => Format(result.AsInt32(name), Integer),
            Datatype.Int64 => Format(result.AsInt64(name), Integer),
            Datatype.Fp16 => Format(result.AsFp16(name), v => v.ToString("G5", CultureInfo.InvariantCulture)),
            Datatype.Fp32 => Format(result.AsFp32(name), v => v.ToString("G6", CultureInfo.InvariantCulture)),
            Datatype.Fp64 => Format(result.AsFp64(name), v => v.ToString("G10", CultureInfo.InvariantCulture)),
            Datatype.Bytes => Format(result.AsBytes(name), v => $"\"{Encoding.UTF8.GetString(v)}\""),
            _ => $"({output.Data.Length} bytes of {output.Datatype}, which the CLI does not decode)",
        };
    }

    private static string Integer<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Format<T>(T[] values, Func<T, string> format)
    {
        var shown = values.Take(ShownValues).Select(format);
        var rest = values.Length > ShownValues ? $", … ({values.Length} values)" : "";
        return $"[{string.Join(", ", shown)}{rest}]";
    }
}
