using Granary.Models.Synthesis;
using Granary.Tests.Infrastructure;
using Granary.Tests.Protocol;

namespace Granary.Tests.Rest;

/// <summary>Triton's binary tensor data extension: raw tensors after the JSON header, both ways.</summary>
[Collection(SiloCollection.Name)]
public sealed class RestBinaryInferenceTests(SiloFixture silo)
{
    [Theory]
    [InlineData("echo")]
    [InlineData("echo-fp16")]
    public async Task Every_datatype_round_trips_through_echo_as_binary_tensor_data(string model)
    {
        using var client = RestCalls.Client(silo);
        var suffixes = (model == "echo-fp16" ? ModelSynthesizer.HalfEchoTypes : ModelSynthesizer.EchoTypes).Select(t => t.Suffix).ToArray();
        var tensors = suffixes.Select(s => EchoTensors.RawValues(s, 6)).ToArray();
        var inputs = string.Join(", ", suffixes.Select((s, i) => EchoJson.BinaryInput(s, tensors[i].Length)));

        var response = await InferResponse.ReadAsync(await client.PostBinaryAsync(
            $"/v2/models/{model}/infer", $$$"""{"inputs": [{{{inputs}}}], "parameters": {"binary_data_output": true}}""", tensors));

        Assert.Equal(suffixes.Length, response.Binary.Count);
        for (var i = 0; i < suffixes.Length; i++)
        {
            Assert.Equal([2L, 3L], response.Shape($"out_{suffixes[i]}"));
            Assert.True(tensors[i].SequenceEqual(response.Binary[$"out_{suffixes[i]}"]), $"out_{suffixes[i]} came back changed");
        }
    }

    [Fact]
    public async Task Json_and_binary_inputs_and_outputs_mix_in_one_call()
    {
        using var client = RestCalls.Client(silo);
        string[] binarySuffixes = ["int32", "fp64", "bytes"];
        var binary = binarySuffixes.Select(s => EchoTensors.RawValues(s, 6)).ToArray();
        var inputs = EchoJson.Suffixes.Select(s => Array.IndexOf(binarySuffixes, s) is var i and >= 0 ? EchoJson.BinaryInput(s, binary[i].Length) : EchoJson.JsonInput(s));
        const string Outputs = """
            [{"name": "out_int16", "parameters": {"binary_data": true}}, {"name": "out_int32", "parameters": {"binary_data": false}},
             {"name": "out_fp64"}, {"name": "out_uint8", "parameters": {"binary_data": false}}]
            """;

        var response = await InferResponse.ReadAsync(await client.PostBinaryAsync(
            "/v2/models/echo/infer", $$$"""{"inputs": [{{{string.Join(", ", inputs)}}}], "outputs": {{{Outputs}}}, "parameters": {"binary_data_output": true}}""", binary));

        Assert.Equal(["out_fp64", "out_int16"], response.Binary.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(EchoTensors.RawValues("fp64", 6), response.Binary["out_fp64"]);
        Assert.Equal(6 * 2, response.Binary["out_int16"].Length);
        Assert.Equal(EchoJson.Comparable("uint8"), EchoJson.Comparable("uint8", response.Output("out_uint8").GetProperty("data")));
        var int32 = response.Output("out_int32").GetProperty("data").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(binary[0]).ToArray(), int32);
    }

    [Fact]
    public async Task Bytes_output_that_is_not_utf8_comes_back_as_binary_even_when_json_was_asked()
    {
        using var client = RestCalls.Client(silo);
        var bytes = EchoTensors.RawValues("bytes", 6);
        var inputs = EchoJson.Suffixes.Select(s => s == "bytes" ? EchoJson.BinaryInput(s, bytes.Length) : EchoJson.JsonInput(s));

        var response = await InferResponse.ReadAsync(await client.PostBinaryAsync(
            "/v2/models/echo/infer",
            $$$"""{"inputs": [{{{string.Join(", ", inputs)}}}], "outputs": [{"name": "out_bytes", "parameters": {"binary_data": false}}, {"name": "out_bool"}]}""",
            bytes));

        Assert.Equal(bytes, response.Binary["out_bytes"]);
        Assert.False(response.Output("out_bytes").TryGetProperty("data", out _));
        Assert.Equal(EchoJson.Comparable("bool"), EchoJson.Comparable("bool", response.Output("out_bool").GetProperty("data")));
    }
}
