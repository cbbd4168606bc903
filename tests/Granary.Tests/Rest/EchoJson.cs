using System.Globalization;
using System.Text.Json;
using Granary.Models.Synthesis;
using Granary.Tests.Protocol;

namespace Granary.Tests.Rest;

/// <summary>Inputs for the echo model in the REST protocol's JSON form, at each datatype's limits, and binary form.</summary>
public static class EchoJson
{
    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>
    {
        ["bool"] = "[true, false, true, true, false, false]",
        ["uint8"] = "[0, 1, 127, 128, 254, 255]",
        ["int8"] = "[-128, -1, 0, 1, 126, 127]",
        ["int16"] = "[-32768, -1, 0, 1, 32766, 32767]",
        ["int32"] = "[[-2147483648, -1, 0], [1, 2147483646, 2147483647]]",
        ["int64"] = "[-9223372036854775808, -1, 0, 1, 9223372036854775806, 9223372036854775807]",
        ["fp32"] = "[0.1, -3.4028235E+38, 1.1754944E-38, 0, -2.5, \"Infinity\"]",
        ["fp64"] = "[0.1, -1.7976931348623157E+308, 5E-324, 0, \"NaN\", \"-Infinity\"]",
        ["bytes"] = "[\"élément\", \"\", \"with \\\"quotes\\\" and \\\\\", \"日本語\", \"a\\nb\", \"z\"]",
    };

    public static IEnumerable<string> Suffixes => ModelSynthesizer.EchoTypes.Select(t => t.Suffix);

    public static string Datatype(string suffix) => EchoTensors.Datatypes[suffix];

    public static string JsonInput(string suffix) =>
        $$"""{"name": "in_{{suffix}}", "datatype": "{{Datatype(suffix)}}", "shape": [2, 3], "data": {{Values[suffix]}}}""";

    public static string BinaryInput(string suffix, int size) =>
        $$$"""{"name": "in_{{{suffix}}}", "datatype": "{{{Datatype(suffix)}}}", "shape": [2, 3], "parameters": {"binary_data_size": {{{size}}}}}""";

    /// <summary>Values in a form that compares equal exactly when the datatype's values are equal.</summary>
    public static string[] Comparable(string suffix, JsonElement data) =>
        [.. Flatten(data).Select(e => e.ValueKind == JsonValueKind.String ? "s:" + e.GetString() : Datatype(suffix) switch
        {
            "FP32" => e.GetSingle().ToString("R", CultureInfo.InvariantCulture),
            "FP64" => e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            _ => e.GetRawText(),
        })];

    public static string[] Comparable(string suffix) => Comparable(suffix, JsonDocument.Parse(Values[suffix]).RootElement);

    private static IEnumerable<JsonElement> Flatten(JsonElement data) =>
        data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().SelectMany(Flatten) : [data];
}
