using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Protocol.Corpus;

/// <summary>
/// A malformed REST infer request: where it goes, its body (JSON, or a JSON header and binary tensor data),
/// the status it must get and a fragment its message must hold. <see cref="EmptyBatch"/> marks one that may succeed.
/// </summary>
public sealed record RestBadInput(string Path, Func<HttpContent> Content, HttpStatusCode Expected, string Says, bool EmptyBatch = false);

/// <summary>The REST half of the bad-input corpus, JSON and the binary tensor data extension.</summary>
public static class RestBadInputs
{
    private const string Mlp = "/v2/models/mlp-classifier/infer";
    private const string HeaderLength = "Inference-Header-Content-Length";

    public static IReadOnlyDictionary<string, RestBadInput> All { get; } = Generate().ToDictionary(c => c.Name, c => c.Case);

    /// <summary>The cases small enough to repeat by the thousand.</summary>
    public static IEnumerable<string> Small => All.Keys.Where(name => !name.StartsWith("oversized", StringComparison.Ordinal));

    private static string Row => string.Join(", ", Enumerable.Repeat("0.5", 64));

    private static string Input(string datatype = "\"FP32\"", string shape = "[1, 64]", string? data = null, string name = "\"input\"", string extra = "") =>
        $$"""{"name": {{name}}, "datatype": {{datatype}}, "shape": {{shape}}, "data": {{data ?? $"[{Row}]"}}{{extra}}}""";

    private static string Request(params string[] inputs) => $$"""{"inputs": [{{string.Join(", ", inputs)}}]}""";

    private static IEnumerable<(string Name, RestBadInput Case)> Generate()
    {
        foreach (var datatype in new[] { "FP99", "fp32", "Fp32", "", "FLOAT", "ＦＰ32" })
        {
            yield return ($"datatype_unknown_{GrpcBadInputs.Label(datatype)}", Bad(Request(Input($"\"{datatype}\"")), $"unknown datatype '{datatype}'"));
        }

        yield return ("datatype_a_number", Bad(Request(Input("32")), "'datatype' of 'input' is not a string"));
        yield return ("datatype_null", Bad(Request(Input("null")), "'datatype' of 'input' is not a string"));
        yield return ("datatype_wrong_for_model_INT32", Bad(Request(Input("\"INT32\"", data: $"[{string.Join(", ", Enumerable.Repeat("1", 64))}]")), "expects FP32"));
        yield return ("datatype_wrong_for_model_FP64", Bad(Request(Input("\"FP64\"")), "expects FP32"));
        yield return ("datatype_fp16_as_json", Bad(Request(Input("\"FP16\"")), "binary tensor data"));

        foreach (var (shape, elements) in new[] { ("[64]", 64), ("[1, 1, 64]", 64), ("[]", 1), ("[1, 63]", 63), ("[64, 1]", 64) })
        {
            var data = $"[{string.Join(", ", Enumerable.Repeat("0.5", elements))}]";
            yield return ($"shape_{shape}_disagrees_with_model", Bad(Request(Input(shape: shape, data: data)), "expects [-1, 64]"));
        }

        yield return ("shape_[1, 63]_with_64_values", Bad(Request(Input(shape: "[1, 63]")), "has 64 values in data; its shape needs 63"));

        foreach (var shape in new[] { "[1, -64]", "[-1, 64]", "[1, 6.5]", "[\"1\", \"64\"]", "[1, null]", "[1e30, 64]", "[99999999999999999999, 64]", "[[1], [64]]" })
        {
            yield return ($"shape_{shape}_is_not_non-negative_integers", Bad(Request(Input(shape: shape, data: "[]")), "dimensions are non-negative integers"));
        }

        foreach (var shape in new[] { "\"1, 64\"", "null", "{\"0\": 1}", "64" })
        {
            yield return ($"shape_{shape}_is_not_an_array", Bad(Request(Input(shape: shape)), "has no shape array"));
        }

        yield return ("shape_2^62x4_overflows", Bad(Request(Input(shape: "[4611686018427387904, 4]", data: "[]")), "does not fit in 64 bits"));
        yield return ("shape_2^40_rows_with_one_row_of_data", Bad(Request(Input(shape: "[1099511627776, 64]")), "its shape needs 70368744177664"));
        yield return ("shape_zero_rows", new(Mlp, () => Json(Request(Input(shape: "[0, 64]", data: "[]"))), HttpStatusCode.BadRequest, "'input'", EmptyBatch: true));

        yield return ("data_too_few_values", Bad(Request(Input(data: "[1, 2, 3]")), "has 3 values in data; its shape needs 64"));
        yield return ("data_too_many_values", Bad(Request(Input(data: $"[{Row}, 1]")), "has 65 values in data"));
        yield return ("data_an_object", Bad(Request(Input(data: "{}")), "data that is not a JSON array"));
        yield return ("data_a_string", Bad(Request(Input(data: "\"0.5\"")), "data that is not a JSON array"));
        yield return ("data_a_string_value", Bad(Request(Input(data: $"[\"a\", {Row[5..]}]")), "\"a\" in data, which is not a FP32"));
        yield return ("data_a_null_value", Bad(Request(Input(data: $"[null, {Row[5..]}]")), "null in data, which is not a number"));
        yield return ("data_an_overflowing_fp32", Bad(Request(Input(data: $"[1e39, {Row[5..]}]")), "1e39 in data, which is not a FP32"));
        yield return ("data_nested_60_deep", Bad(Request(Input(data: Nested(60))), "has 0 values in data"));
        yield return ("data_nested_10000_deep", Bad(Request(Input(data: Nested(10_000))), "not valid JSON"));
        yield return ("body_nested_100000_deep_objects", Bad(string.Concat(Enumerable.Repeat("{\"a\":", 100_000)), "not valid JSON"));

        yield return ("input_given_twice", Bad(Request(Input(), Input()), "more than once"));
        yield return ("input_missing", Bad(Request(), "'input' is missing"));
        yield return ("input_unknown_name", Bad(Request(Input(name: "\"inputs\"")), "'inputs' is not an input"));
        yield return ("input_without_a_name", Bad("""{"inputs": [{"datatype": "FP32", "shape": [1, 64], "data": []}]}""", "without 'name'"));
        yield return ("input_name_a_number", Bad(Request(Input(name: "7")), "'name' of 'inputs' is not a string"));
        yield return ("input_not_an_object", Bad("""{"inputs": [1]}""", "an entry of 'inputs' is not a JSON object"));
        yield return ("input_neither_data_nor_binary", Bad("""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 64]}]}""", "neither data nor parameters.binary_data_size"));
        yield return ("input_both_data_and_binary", Bad(Request(Input(extra: ", \"parameters\": {\"binary_data_size\": 0}")), "use one"));
        yield return ("inputs_absent", Bad("{}", "has no 'inputs' array"));
        yield return ("inputs_an_object", Bad("""{"inputs": {}}""", "'inputs' is not a JSON array"));
        yield return ("output_unknown", Bad(Request(Input())[..^1] + """, "outputs": [{"name": "logits"}]}""", "output 'logits'"));
        yield return ("output_a_string", Bad(Request(Input())[..^1] + """, "outputs": ["probabilities"]}""", "an entry of 'outputs' is not a JSON object"));
        yield return ("output_binary_data_a_string", Bad(Request(Input())[..^1] + """, "outputs": [{"name": "probabilities", "parameters": {"binary_data": "yes"}}]}""", "not true or false"));

        foreach (var parameters in new[] { "\"binary\"", "[1]", "7", "true" })
        {
            yield return ($"parameters_{GrpcBadInputs.Label(parameters)}_at_the_top", Bad(Request(Input())[..^1] + $", \"parameters\": {parameters}}}", "'parameters' of 'parameters' is not a JSON object"));
            yield return ($"parameters_{GrpcBadInputs.Label(parameters)}_of_an_input", Bad(Request(Input(extra: $", \"parameters\": {parameters}")), "'parameters' of 'input' is not a JSON object"));
        }

        yield return ("parameters_binary_data_output_a_number", Bad(Request(Input())[..^1] + """, "parameters": {"binary_data_output": 1}}""", "not true or false"));
        yield return ("id_a_number", Bad(Request(Input())[..^1] + """, "id": 7}""", "'id' of 'id' is not a string"));

        foreach (var size in new[] { "-1", "1.5", "\"256\"", "1e30", "null", "[0]", "18446744073709551616" })
        {
            yield return ($"binary_data_size_{GrpcBadInputs.Label(size)}", Binary(size, 256, "must be a non-negative integer"));
        }

        yield return ("binary_data_size_2^62", Binary("4611686018427387904", 256, "only 256 bytes of binary data follow"));
        yield return ("binary_data_size_short_of_the_shape", Binary("252", 252, "has 252 bytes"));
        yield return ("binary_data_size_leaves_bytes_over", Binary("255", 256, "1 bytes of binary data follow the JSON header that no input"));
        foreach (var length in new[] { "999999", "-1", "abc", "", "1e2", "0x10" })
        {
            yield return ($"header_length_{GrpcBadInputs.Label(length)}", new(Mlp, () => WithHeaderLength(Encoding.UTF8.GetBytes(Request(Input())), length), HttpStatusCode.BadRequest, $"{HeaderLength} is '{length}'"));
        }

        yield return ("header_length_cuts_the_json", new(Mlp, () => WithHeaderLength(Encoding.UTF8.GetBytes(Request(Input())), "20"), HttpStatusCode.BadRequest, "not valid JSON"));
        yield return ("bytes_length_prefix_past_the_end", EchoBytes(Prefixed(255), "runs past the end"));
        yield return ("bytes_length_prefix_of_uint_max", EchoBytes(Prefixed(uint.MaxValue), "runs past the end"));
        yield return ("bytes_truncated_length_prefix", EchoBytes([1, 0], "runs past the end"));
        yield return ("bytes_one_element_for_three", EchoBytes(Prefixed(0), "holds 1 BYTES elements"));

        yield return ("model_unknown", new("/v2/models/no-such-model/infer", () => Json(Request(Input())), HttpStatusCode.NotFound, "'no-such-model'"));
        yield return ("model_name_of_2000_characters", new($"/v2/models/{new string('m', 2000)}/infer", () => Json(Request(Input())), HttpStatusCode.NotFound, "not found"));
        yield return ("model_name_with_escaped_path_and_newline", new("/v2/models/mlp-classifier%2F..%2F%0A/infer", () => Json(Request(Input())), HttpStatusCode.NotFound, "not found"));
        foreach (var version in new[] { "9", "0", "-1", "abc", "1.0", "99999999999999999999", "%201" })
        {
            yield return ($"version_{GrpcBadInputs.Label(version)}", new($"/v2/models/mlp-classifier/versions/{version}/infer", () => Json(Request(Input())), HttpStatusCode.NotFound, "not found"));
        }

        foreach (var body in new[] { "", "{", "{\"inputs\": [}", "[1, 2]", "nul", "\"inputs\"", "{\"inputs\": []} trailing", "{'inputs': []}", "{\"inputs\": [],}" })
        {
            yield return ($"json_malformed_{GrpcBadInputs.Label(body)}", Bad(body, body.StartsWith('[') || body.StartsWith('"') ? "not a JSON object" : "not valid JSON"));
        }

        yield return ("json_invalid_utf8", new(Mlp, () => Bytes([.. "{\"inputs\": [{\"name\": \""u8, 0xC3, 0x28, .. "\"}]}"u8], "application/json"), HttpStatusCode.BadRequest, "not valid JSON"));
        yield return ("content_type_utf16_json", new(Mlp, () => new StringContent(Request(Input()), Encoding.Unicode, "application/json"), HttpStatusCode.BadRequest, "not valid JSON"));
        yield return ("content_type_form_urlencoded", new(Mlp, () => new FormUrlEncodedContent([new("inputs", "[]")]), HttpStatusCode.BadRequest, "not valid JSON"));
        yield return ("content_type_octet_stream_without_a_header_length", new(Mlp, () => Bytes([.. Encoding.UTF8.GetBytes(Request(Input())), 1, 2, 3], "application/octet-stream"), HttpStatusCode.BadRequest, "not valid JSON"));
        yield return ("content_type_multipart", new(Mlp, () => new MultipartFormDataContent { { new StringContent(Request(Input())), "body" } }, HttpStatusCode.BadRequest, "not valid JSON"));

        yield return ("oversized_body", new(Mlp, () => Bytes(new byte[SiloFixture.MaxMessageBytes + 1], "application/json"), HttpStatusCode.RequestEntityTooLarge, $"{SiloFixture.MaxMessageBytes}"));
    }

    private static RestBadInput Bad(string json, string says) => new(Mlp, () => Json(json), HttpStatusCode.BadRequest, says);

    private static RestBadInput Binary(string size, int sent, string says) =>
        new(Mlp, () => WithBinary($$$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 64], "parameters": {"binary_data_size": {{{size}}}}}]}""", new byte[sent]), HttpStatusCode.BadRequest, says);

    private static RestBadInput EchoBytes(byte[] raw, string says) =>
        new("/v2/models/echo/infer", () => WithBinary($$$"""{"inputs": [{"name": "in_bytes", "datatype": "BYTES", "shape": [1, 3], "parameters": {"binary_data_size": {{{raw.Length}}}}}]}""", raw), HttpStatusCode.BadRequest, says);

    private static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    private static HttpContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static HttpContent WithBinary(string json, byte[] data)
    {
        var header = Encoding.UTF8.GetBytes(json);
        return WithHeaderLength([.. header, .. data], header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static HttpContent WithHeaderLength(byte[] body, string length)
    {
        var content = Bytes(body, "application/octet-stream");
        content.Headers.TryAddWithoutValidation(HeaderLength, length);
        return content;
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static byte[] Prefixed(uint length)
    {
        var raw = new byte[6];
        BinaryPrimitives.WriteUInt32LittleEndian(raw, length);
        return length == 0 ? raw[..4] : raw;
    }
}
