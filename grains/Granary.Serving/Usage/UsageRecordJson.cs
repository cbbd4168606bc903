using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Granary.Usage;

/// <summary>
/// The log's line format: one UsageRecord as a JSON object and a newline. JSON lines rather than a binary
/// layout because a record is a few hundred bytes against a model run of a millisecond or more, an operator can
/// read and grep a segment, and a torn last write shows as a line without its newline, which replay skips.
/// </summary>
public static class UsageRecordJson
{
    public static void WriteLine(IBufferWriter<byte> buffer, UsageRecord record)
    {
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, record, UsageRecordJsonContext.Default.UsageRecord);
        }

        buffer.Write("\n"u8);
    }

    public static UsageRecord Read(ReadOnlySpan<byte> line) =>
        JsonSerializer.Deserialize(line, UsageRecordJsonContext.Default.UsageRecord)
        ?? throw new InvalidDataException("a usage log line is the JSON null");
}

[JsonSerializable(typeof(UsageRecord))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, IgnoreReadOnlyProperties = true)]
internal sealed partial class UsageRecordJsonContext : JsonSerializerContext;
