using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Granary.Silo.Rest;

/// <summary>The REST protocol's small JSON messages; property names are written in snake_case as the protocol spells them.</summary>
internal static class RestMessages
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>How infer responses are written: readable non-ASCII text, since they are never embedded in HTML.</summary>
    public static JsonWriterOptions Writer { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

internal sealed record ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions);

internal sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs);

internal sealed record TensorMetadata(string Name, string Datatype, long[] Shape);

internal sealed record ReadyState(string Name, bool Ready);

/// <summary>
/// A REST error: KServe's <c>{"error": "..."}</c>, and beside it what gRPC carries in its status details, each left out
/// when it does not apply: the stable reason (ErrorInfo), the request field (BadRequest), when to retry (RetryInfo) and
/// the limit that refused (QuotaFailure).
/// </summary>
internal sealed record ErrorMessage(string Error)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? RetryAfterSeconds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public QuotaLimit? Quota { get; init; }
}

/// <summary>Whose limit refused a call (a tenant, or the library) and which one.</summary>
internal sealed record QuotaLimit(string Subject, string Limit);
