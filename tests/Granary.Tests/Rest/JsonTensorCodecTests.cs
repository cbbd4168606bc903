using System.Text;
using System.Text.Json;
using Granary.Inference;
using Granary.Silo.Rest;

namespace Granary.Tests.Rest;

/// <summary>The JSON codec alone: datatypes the echo model has no input for, limits, and refusals.</summary>
public sealed class JsonTensorCodecTests
{
    private static string RoundTrip(string datatype, string json, long elements)
    {
        var raw = JsonTensorCodec.ToRaw("x", datatype, JsonDocument.Parse(json).RootElement, elements);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonTensorCodec.WriteData(writer, datatype, raw);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    [Theory]
    [InlineData("UINT16", "[0,1,65535]")]
    [InlineData("UINT32", "[0,1,4294967295]")]
    [InlineData("UINT64", "[0,1,18446744073709551615]")]
    [InlineData("INT64", "[-9223372036854775808,0,9223372036854775807]")]
    [InlineData("FP32", "[\"NaN\",\"Infinity\",\"-Infinity\"]")]
    [InlineData("FP64", "[1.5,-0.25,\"NaN\"]")]
    public void Integers_of_every_width_and_non_finite_floats_round_trip_at_their_limits(string datatype, string json) =>
        Assert.Equal(json, RoundTrip(datatype, json, 3));

    [Fact]
    public void Nested_data_is_read_in_row_major_order()
    {
        var raw = JsonTensorCodec.ToRaw("x", "INT16", JsonDocument.Parse("[[1, 2], [3, 4], [5, 6]]").RootElement, 6);

        Assert.Equal(new short[] { 1, 2, 3, 4, 5, 6 }, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(raw).ToArray());
    }

    [Fact]
    public void Bytes_are_written_with_the_four_byte_length_prefix_layout()
    {
        var raw = JsonTensorCodec.ToRaw("x", Datatype.Bytes, JsonDocument.Parse("[\"ab\", \"\"]").RootElement, 2);

        Assert.Equal(new byte[] { 2, 0, 0, 0, (byte)'a', (byte)'b', 0, 0, 0, 0 }, raw);
        Assert.Equal(2, BytesTensorLayout.CountElements(raw));
    }

    [Theory]
    [InlineData("INT8", "[128]")]
    [InlineData("UINT8", "[-1]")]
    [InlineData("UINT64", "[1.5]")]
    [InlineData("INT32", "[true]")]
    [InlineData("BOOL", "[1]")]
    [InlineData("FP32", "[1e39]")]
    [InlineData("BYTES", "[7]")]
    public void A_value_outside_its_datatype_is_refused_naming_the_input(string datatype, string json)
    {
        var error = Assert.Throws<InvalidInferenceRequestException>(() => JsonTensorCodec.ToRaw("x", datatype, JsonDocument.Parse(json).RootElement, 1));

        Assert.Equal("x", error.Field);
        Assert.Contains($"input 'x' has the value {json[1..^1]} in data", error.Message);
    }

    [Theory]
    [InlineData("FP16")]
    [InlineData("BF16")]
    public void Half_precision_has_no_json_form_and_the_refusal_names_the_binary_extension(string datatype)
    {
        var error = Assert.Throws<InvalidInferenceRequestException>(() => JsonTensorCodec.ToRaw("x", datatype, JsonDocument.Parse("[1]").RootElement, 1));

        Assert.Contains("binary tensor data", error.Message);
        Assert.False(JsonTensorCodec.HasJsonForm(datatype, [0, 0]));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_have_no_json_form()
    {
        Assert.True(JsonTensorCodec.HasJsonForm(Datatype.Bytes, [2, 0, 0, 0, (byte)'o', (byte)'k']));
        Assert.False(JsonTensorCodec.HasJsonForm(Datatype.Bytes, [2, 0, 0, 0, 0xff, 0xfe]));
    }
}
