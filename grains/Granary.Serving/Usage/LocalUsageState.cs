using System.Text.Json.Serialization;

namespace Granary.Usage;

/// <summary>
/// What the embedded store keeps in its file: the hourly cells, and the record ids and (tenant, idempotency key)
/// pairs it has counted, each with when it may be forgotten.
/// </summary>
public sealed class LocalUsageState
{
    public List<HourlyUsage> Hours { get; set; } = [];

    public Dictionary<string, DateTimeOffset> RecordIds { get; set; } = [];

    public Dictionary<string, DateTimeOffset> IdempotencyKeys { get; set; } = [];
}

[JsonSerializable(typeof(LocalUsageState))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class LocalUsageStateJsonContext : JsonSerializerContext;
