using System.Text.Json;

namespace Granary.Cli.Inputs;

/// <summary>
/// A tensor written in JSON: a flat or nested array whose nesting is its shape, or <c>{"shape": [...], "data": [...]}</c>
/// whose data may be flat or nested. <see cref="Values"/> are the leaves in row-major order.
/// </summary>
internal sealed record JsonTensor(long[] Shape, IReadOnlyList<JsonElement> Values, bool ShapeGiven)
{
    public static JsonTensor Parse(string json, string origin)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new CommandInputException($"{origin}: not valid JSON: {e.Message}", e);
        }

        return root.ValueKind switch
        {
            JsonValueKind.Array => FromNesting(root, origin),
            JsonValueKind.Object => FromShapeAndData(root, origin),
            _ => throw new CommandInputException($"{origin}: expected an array or {{\"shape\": [...], \"data\": [...]}}, got {root.ValueKind}."),
        };
    }

    private static JsonTensor FromNesting(JsonElement array, string origin)
    {
        var shape = new List<long>();
        var values = new List<JsonElement>();
        var rank = -1;
        Flatten(array, 0, shape, values, ref rank, origin);
        return new JsonTensor([.. shape], values, ShapeGiven: false);
    }

    private static JsonTensor FromShapeAndData(JsonElement root, string origin)
    {
        if (!root.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new CommandInputException($"{origin}: an object tensor needs a \"shape\" array and a \"data\" array.");
        }

        var shape = new long[shapeElement.GetArrayLength()];
        long elements = 1;
        var index = 0;
        foreach (var dimension in shapeElement.EnumerateArray())
        {
            if (!dimension.TryGetInt64(out var size) || size < 0)
            {
                throw new CommandInputException($"{origin}: \"shape\" must hold non-negative integers, got {dimension.GetRawText()}.");
            }

            shape[index++] = size;
            elements *= size;
        }

        var flat = FromNesting(data, origin).Values;
        if (flat.Count != elements)
        {
            throw new CommandInputException($"{origin}: \"data\" has {flat.Count} values but shape [{string.Join(", ", shape)}] needs {elements}.");
        }

        return new JsonTensor(shape, flat, ShapeGiven: true);
    }

    // The first path to a leaf fixes the rank; every other array must then match the length seen at its depth.
    private static void Flatten(JsonElement element, int depth, List<long> shape, List<JsonElement> values, ref int rank, string origin)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            if (rank == -1)
            {
                rank = depth;
            }

            if (depth != rank)
            {
                throw Ragged(origin);
            }

            values.Add(element);
            return;
        }

        var length = element.GetArrayLength();
        if (depth == shape.Count && rank == -1)
        {
            shape.Add(length);
        }
        else if (depth >= shape.Count || shape[depth] != length)
        {
            throw Ragged(origin);
        }

        foreach (var child in element.EnumerateArray())
        {
            Flatten(child, depth + 1, shape, values, ref rank, origin);
        }
    }

    private static CommandInputException Ragged(string origin) =>
        new($"{origin}: nested arrays must be rectangular (every row the same length and depth).");
}
