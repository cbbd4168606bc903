using System.Text.Json;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Rest;

[Collection(SiloCollection.Name)]
public sealed class RestJsonInferenceTests(SiloFixture silo)
{
    [Fact]
    public async Task Every_datatype_with_a_json_form_round_trips_through_echo_as_json_with_nested_data_returned_flat()
    {
        using var client = RestCalls.Client(silo);
        var inputs = string.Join(", ", EchoJson.Suffixes.Select(EchoJson.JsonInput));

        var response = await InferResponse.ReadAsync(await client.PostJsonAsync("/v2/models/echo/infer", $$"""{"inputs": [{{inputs}}]}"""));

        Assert.Empty(response.Binary);
        Assert.Equal("echo", response.Json.GetProperty("model_name").GetString());
        Assert.Equal("1", response.Json.GetProperty("model_version").GetString());
        foreach (var suffix in EchoJson.Suffixes)
        {
            var output = response.Output($"out_{suffix}");
            Assert.Equal(EchoJson.Datatype(suffix), output.GetProperty("datatype").GetString());
            Assert.Equal([2L, 3L], response.Shape($"out_{suffix}"));
            Assert.Equal(6, output.GetProperty("data").GetArrayLength());
            Assert.Equal(EchoJson.Comparable(suffix), EchoJson.Comparable(suffix, output.GetProperty("data")));
        }
    }

    [Fact]
    public async Task The_id_is_echoed_and_only_the_requested_outputs_are_returned()
    {
        using var client = RestCalls.Client(silo);
        var inputs = string.Join(", ", EchoJson.Suffixes.Select(EchoJson.JsonInput));

        var response = await InferResponse.ReadAsync(await client.PostJsonAsync(
            "/v2/models/echo/versions/1/infer", $$"""{"id": "call-7", "inputs": [{{inputs}}], "outputs": [{"name": "out_int64"}]}"""));

        Assert.Equal("call-7", response.Json.GetProperty("id").GetString());
        Assert.Equal("out_int64", Assert.Single(response.Json.GetProperty("outputs").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Rest_json_rest_binary_and_grpc_give_identical_mlp_outputs_for_the_same_input()
    {
        using var client = RestCalls.Client(silo);
        var input = Requests.RandomRows(new Random(21), rows: 3, columns: 64);
        var json = $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [3, 64], "data": {{JsonSerializer.Serialize(input)}}}]""";

        var grpc = await silo.Inference.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", input, 3, 64));
        var asJson = await InferResponse.ReadAsync(await client.PostJsonAsync("/v2/models/mlp-classifier/infer", json + "}"));
        var asBinary = await InferResponse.ReadAsync(await client.PostJsonAsync(
            "/v2/models/mlp-classifier/infer", json + """, "outputs": [{"name": "probabilities", "parameters": {"binary_data": true}}]}"""));

        var expected = grpc.RawOutputContents[0].ToByteArray();
        Assert.Equal([3L, 10L], asJson.Shape("probabilities"));
        var fromJson = asJson.Output("probabilities").GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(expected).ToArray(), fromJson);
        Assert.Equal(expected, asBinary.Binary["probabilities"]);
    }

    [Fact]
    public async Task A_tenant_key_in_x_api_key_is_accepted_and_the_response_carries_rate_limit_headers()
    {
        var key = await RestTenants.CreateAsync(silo, "rest-headers", new() { RequestsPerSecond = 50, Burst = 100 });
        using var client = RestCalls.Client(silo, key: null);
        client.DefaultRequestHeaders.Add("x-api-key", key);

        var response = await client.PostJsonAsync("/v2/models/mlp-classifier/infer", RestTenants.MlpRequest);

        await InferResponse.ReadAsync(response);
        Assert.Equal("50", response.Header("x-ratelimit-limit-requests"));
        Assert.InRange(int.Parse(response.Header("x-ratelimit-remaining-requests")), 50, 100);
        Assert.EndsWith("s", response.Header("x-ratelimit-reset-requests"));
    }
}
