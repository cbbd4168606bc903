using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Granary.FrontDoor;
using Granary.Inference;

namespace Granary.Silo.Rest;

/// <summary>
/// A REST infer request: the JSON header (with its inputs in JSON or as binary tensor data that follows it),
/// the id to echo, and which outputs the caller wants back as binary tensor data.
/// </summary>
public sealed class RestInferRequest
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    private readonly bool _binaryByDefault;
    private readonly Dictionary<string, bool> _binaryOutputs;

    private RestInferRequest(string? id, InferenceBody body, bool binaryByDefault, Dictionary<string, bool> binaryOutputs)
    {
        Id = id;
        Body = body;
        _binaryByDefault = binaryByDefault;
        _binaryOutputs = binaryOutputs;
    }

    public string? Id { get; }

    public InferenceBody Body { get; }

    /// <summary>Whether the caller asked for this output as binary: its own <c>binary_data</c>, else the request's <c>binary_data_output</c>.</summary>
    public bool WantsBinary(string output) => _binaryOutputs.TryGetValue(output, out var binary) ? binary : _binaryByDefault;

    /// <summary>Parses a whole body; <paramref name="headerLength"/> is the Inference-Header-Content-Length value, if sent.</summary>
    public static RestInferRequest Parse(ReadOnlyMemory<byte> body, string? headerLength)
    {
        var jsonLength = JsonLength(body.Length, headerLength);
        using var document = ParseJson(body[..jsonLength]);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("body", "the request body is not a JSON object");
        }

        var binary = new BinarySection(body[jsonLength..]);
        var inputs = new List<Tensor>();
        foreach (var input in Array(root, "inputs", "body", required: true))
        {
            inputs.Add(ReadInput(input, binary));
        }

        binary.CheckAllRead();
        var requested = new List<string>();
        var binaryOutputs = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var output in Array(root, "outputs", "outputs", required: false))
        {
            var name = Text(output, "name", "outputs");
            requested.Add(name);
            if (Flag(Object(output, "parameters", name), "binary_data", name) is { } wanted)
            {
                binaryOutputs[name] = wanted;
            }
        }

        var id = root.TryGetProperty("id", out var idValue) ? TextValue(idValue, "id", "id") : null;
        var binaryByDefault = Flag(Object(root, "parameters", "parameters"), "binary_data_output", "parameters") ?? false;
        return new RestInferRequest(id, new InferenceBody(inputs, requested), binaryByDefault, binaryOutputs);
    }

    private static Tensor ReadInput(JsonElement input, BinarySection binary)
    {
        var name = Text(input, "name", "inputs");
        var datatype = Text(input, "datatype", name);
        if (!Datatype.IsKnown(datatype))
        {
            throw Invalid(name, $"input '{name}' has unknown datatype '{datatype}'");
        }

        var shape = Shape(input, name);
        if (!TensorShape.TryElementCount(shape, out var elements))
        {
            throw Invalid(name, $"input '{name}' has shape {TensorShape.Describe(shape)}, whose element count does not fit in 64 bits");
        }

        var hasData = input.TryGetProperty("data", out var data);
        if (Object(input, "parameters", name) is { } parameters && parameters.TryGetProperty("binary_data_size", out var size))
        {
            return hasData
                ? throw Invalid(name, $"input '{name}' has both data and parameters.binary_data_size; use one")
                : new Tensor(name, datatype, shape, binary.Take(name, size));
        }

        return hasData
            ? new Tensor(name, datatype, shape, JsonTensorCodec.ToRaw(name, datatype, data, elements))
            : throw Invalid(name, $"input '{name}' has neither data nor parameters.binary_data_size");
    }

    private static long[] Shape(JsonElement input, string name)
    {
        if (!input.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(name, $"input '{name}' has no shape array");
        }

        var dimensions = new long[shape.GetArrayLength()];
        var i = 0;
        foreach (var dimension in shape.EnumerateArray())
        {
            if (dimension.ValueKind != JsonValueKind.Number || !dimension.TryGetInt64(out dimensions[i]) || dimensions[i] < 0)
            {
                throw Invalid(name, $"input '{name}' has shape {shape.GetRawText()}; dimensions are non-negative integers");
            }

            i++;
        }

        return dimensions;
    }

    private static int JsonLength(int bodyLength, string? headerLength)
    {
        if (headerLength is null)
        {
            return bodyLength;
        }

        return int.TryParse(headerLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= bodyLength
            ? length
            : throw Invalid(HeaderLengthHeader, $"{HeaderLengthHeader} is '{headerLength}'; it must be the JSON header's length in bytes, at most the body's {bodyLength}");
    }

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> json)
    {
        // The JSON reader leaves the UTF-8 inside strings to be checked when a string is read, where a bad
        // sequence would surface as an InvalidOperationException: refuse it here, with the rest of bad JSON.
        if (!Utf8.IsValid(json.Span))
        {
            throw Invalid("body", "the request is not valid JSON: it is not UTF-8 text (JSON is sent as UTF-8)");
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw Invalid("body", $"the request is not valid JSON: {e.Message}");
        }
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement parent, string property, string field, bool required)
    {
        if (!parent.TryGetProperty(property, out var value))
        {
            return required ? throw Invalid(field, $"the request has no '{property}' array") : default;
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw Invalid(field, $"'{property}' is not a JSON array");
    }

    private static JsonElement? Object(JsonElement parent, string property, string field)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(field, $"'{field}' is not a JSON object");
        }

        if (!parent.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw Invalid(field, $"'{property}' of '{field}' is not a JSON object");
    }

    private static string Text(JsonElement parent, string property, string field)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(field, $"an entry of '{field}' is not a JSON object");
        }

        return parent.TryGetProperty(property, out var value)
            ? TextValue(value, property, field)
            : throw Invalid(field, $"'{field}' has an entry without '{property}'");
    }

    private static string TextValue(JsonElement value, string property, string field) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Invalid(field, $"'{property}' of '{field}' is not a string");

    private static bool? Flag(JsonElement? parameters, string property, string field)
    {
        if (parameters is not { } found || !found.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(field, $"parameter '{property}' of '{field}' is not true or false"),
        };
    }

    private static InvalidInferenceRequestException Invalid(string field, string message) => new(message, field);
}
