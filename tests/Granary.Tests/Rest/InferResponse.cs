using System.Net;
using System.Text.Json;

namespace Granary.Tests.Rest;

/// <summary>A successful REST infer response: its JSON header and each binary output's bytes by name.</summary>
public sealed record InferResponse(JsonElement Json, IReadOnlyDictionary<string, byte[]> Binary)
{
    public static async Task<InferResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        var headerLength = response.Content.Headers.TryGetValues(RestCalls.HeaderLength, out var values) || response.Headers.TryGetValues(RestCalls.HeaderLength, out values)
            ? int.Parse(values.Single())
            : body.Length;
        var json = JsonDocument.Parse(body.AsMemory(0, headerLength)).RootElement.Clone();
        var binary = new Dictionary<string, byte[]>();
        var position = headerLength;
        foreach (var output in json.GetProperty("outputs").EnumerateArray())
        {
            if (output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var size))
            {
                binary[output.GetProperty("name").GetString()!] = body.AsSpan(position, size.GetInt32()).ToArray();
                position += size.GetInt32();
            }
        }

        Assert.True(position == body.Length, $"the binary outputs account for {position - headerLength} of {body.Length - headerLength} bytes after the header");
        return new InferResponse(json, binary);
    }

    public JsonElement Output(string name) =>
        Json.GetProperty("outputs").EnumerateArray().SingleOrDefault(o => o.GetProperty("name").GetString() == name) is { ValueKind: JsonValueKind.Object } output
            ? output
            : throw new Xunit.Sdk.XunitException($"the response has no output '{name}': {Json}");

    public long[] Shape(string name) => [.. Output(name).GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
}
