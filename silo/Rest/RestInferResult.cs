using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Granary.FrontDoor;
using Granary.Silo.Serving;

namespace Granary.Silo.Rest;

/// <summary>
/// Writes an infer response: a JSON object, or, when any output travels as binary tensor data, that JSON as a
/// header (its length in Inference-Header-Content-Length) followed by the outputs' raw bytes in order.
/// An output goes binary when the caller asked, and also when JSON cannot carry it losslessly (FP16, BF16, BYTES
/// that are not UTF-8): its <c>binary_data_size</c> parameter tells an extension-aware client either way.
/// </summary>
public sealed class RestInferResult(string model, RestInferRequest request, InferenceOutcome outcome) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var header = new ArrayBufferWriter<byte>();
        var binary = new List<ReadOnlyMemory<byte>>();
        using (var writer = new Utf8JsonWriter(header, RestMessages.Writer))
        {
            WriteHeader(writer, binary);
        }

        var response = http.Response;
        foreach (var (name, value) in RateLimitHeaders.Of(outcome.RateLimits))
        {
            response.Headers[name] = value;
        }

        long length = header.WrittenCount;
        if (binary.Count == 0)
        {
            response.ContentType = "application/json";
        }
        else
        {
            response.ContentType = "application/octet-stream";
            response.Headers[RestInferRequest.HeaderLengthHeader] = header.WrittenCount.ToString(CultureInfo.InvariantCulture);
            binary.ForEach(b => length += b.Length);
        }

        response.ContentLength = length;
        await response.Body.WriteAsync(header.WrittenMemory, http.RequestAborted);
        foreach (var data in binary)
        {
            await response.Body.WriteAsync(data, http.RequestAborted);
        }
    }

    private void WriteHeader(Utf8JsonWriter writer, List<ReadOnlyMemory<byte>> binary)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name", model);
        writer.WriteString("model_version", outcome.Version.Version.ToString(CultureInfo.InvariantCulture));
        if (request.Id is { } id)
        {
            writer.WriteString("id", id);
        }

        writer.WriteStartArray("outputs");
        foreach (var output in outcome.Response.Outputs)
        {
            writer.WriteStartObject();
            writer.WriteString("name", output.Name);
            writer.WriteString("datatype", output.Datatype);
            writer.WriteStartArray("shape");
            foreach (var dimension in output.Shape)
            {
                writer.WriteNumberValue(dimension);
            }

            writer.WriteEndArray();
            if (request.WantsBinary(output.Name) || !JsonTensorCodec.HasJsonForm(output.Datatype, output.Data.Span))
            {
                writer.WriteStartObject("parameters");
                writer.WriteNumber("binary_data_size", output.Data.Length);
                writer.WriteEndObject();
                binary.Add(output.Data);
            }
            else
            {
                writer.WritePropertyName("data");
                JsonTensorCodec.WriteData(writer, output.Datatype, output.Data.Span);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
