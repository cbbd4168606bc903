using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Load;

/// <summary>
/// The REST bodies of an <see cref="InferRequestSet"/>, the same rows, built once: JSON with flat FP32 <c>data</c>, or
/// Triton's binary tensor data extension (a JSON header of <c>Inference-Header-Content-Length</c> bytes whose input
/// has <c>binary_data_size</c>, then the raw little-endian rows; the output asked for as binary too).
/// </summary>
public sealed class RestRequestBodies
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeHeaderValue Octets = new("application/octet-stream");

    private readonly byte[][] _bodies;
    private readonly string? _headerLength;

    public RestRequestBodies(InferRequestSet requests, ModelShape shape, string model, string version, bool binary)
    {
        Rows = requests.Rows;
        Binary = binary;
        ExpectedOutputBytes = requests.ExpectedOutputBytes;
        ExpectedOutputValues = requests.ExpectedOutputValues;
        Path = version.Length == 0
            ? $"v2/models/{Uri.EscapeDataString(model)}/infer"
            : $"v2/models/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}/infer";
        _bodies = new byte[requests.Count][];
        var headerLength = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            var rows = requests[i].RawInputContents[0].Span;
            var header = Header(shape, Rows, binary ? rows.Length : null, rows);
            headerLength = header.Length;
            _bodies[i] = binary ? [.. header, .. rows] : header;
        }

        _headerLength = binary ? headerLength.ToString(CultureInfo.InvariantCulture) : null;
    }

    public int Rows { get; }

    public bool Binary { get; }

    public int ExpectedOutputBytes { get; }

    public int ExpectedOutputValues { get; }

    /// <summary>The infer path, relative to the server's HTTP address.</summary>
    public string Path { get; }

    /// <summary>A fresh content over the <paramref name="sequence"/>-th body: contents are per request, their bytes shared.</summary>
    public HttpContent Content(long sequence)
    {
        var content = new ByteArrayContent(_bodies[sequence % _bodies.Length]);
        content.Headers.ContentType = _headerLength is null ? Json : Octets;
        if (_headerLength is not null)
        {
            content.Headers.TryAddWithoutValidation(HeaderLengthHeader, _headerLength);
        }

        return content;
    }

    /// <summary>The JSON: with the rows as <c>data</c>, or, given <paramref name="binarySize"/>, naming their size.</summary>
    private static byte[] Header(ModelShape shape, int rows, int? binarySize, ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("inputs");
            writer.WriteStartObject();
            writer.WriteString("name", shape.InputName);
            writer.WriteString("datatype", ModelShape.Fp32);
            writer.WriteStartArray("shape");
            writer.WriteNumberValue(rows);
            writer.WriteNumberValue(shape.Inputs);
            writer.WriteEndArray();
            if (binarySize is { } size)
            {
                writer.WriteStartObject("parameters");
                writer.WriteNumber("binary_data_size", size);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartArray("data");
                for (var offset = 0; offset < data.Length; offset += sizeof(float))
                {
                    writer.WriteNumberValue(BinaryPrimitives.ReadSingleLittleEndian(data[offset..]));
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartArray("outputs");
            writer.WriteStartObject();
            writer.WriteString("name", shape.OutputName);
            if (binarySize is not null)
            {
                writer.WriteStartObject("parameters");
                writer.WriteBoolean("binary_data", true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
