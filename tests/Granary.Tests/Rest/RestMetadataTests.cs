using System.Net;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Rest;

[Collection(SiloCollection.Name)]
public sealed class RestMetadataTests(SiloFixture silo)
{
    [Fact]
    public async Task Server_metadata_names_granary_its_version_and_the_binary_tensor_data_extension()
    {
        using var client = RestCalls.Client(silo);

        var metadata = await (await client.GetAsync("/v2")).JsonAsync();

        Assert.Equal("granary", metadata.GetProperty("name").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+$", metadata.GetProperty("version").GetString());
        Assert.Contains("binary_tensor_data", metadata.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_200_without_a_key()
    {
        using var anonymous = RestCalls.Client(silo, key: null);

        var live = await anonymous.GetAsync("/v2/health/live");
        var ready = await anonymous.GetAsync("/v2/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Theory]
    [InlineData("/v2/models/mlp-classifier")]
    [InlineData("/v2/models/mlp-classifier/versions/1")]
    public async Task Model_metadata_lists_versions_platform_and_the_typed_inputs_and_outputs(string path)
    {
        using var client = RestCalls.Client(silo);

        var metadata = await (await client.GetAsync(path)).JsonAsync();

        Assert.Equal("mlp-classifier", metadata.GetProperty("name").GetString());
        Assert.Equal(["1"], metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("onnxruntime_onnx", metadata.GetProperty("platform").GetString());
        var input = Assert.Single(metadata.GetProperty("inputs").EnumerateArray());
        Assert.Equal("input", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 64L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var output = Assert.Single(metadata.GetProperty("outputs").EnumerateArray());
        Assert.Equal("probabilities", output.GetProperty("name").GetString());
        Assert.Equal([-1L, 10L], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Theory]
    [InlineData("/v2/models/echo/ready")]
    [InlineData("/v2/models/echo/versions/1/ready")]
    public async Task A_loaded_model_is_ready_with_200_and_its_name(string path)
    {
        using var client = RestCalls.Client(silo);

        var ready = await (await client.GetAsync(path)).JsonAsync();

        Assert.Equal("echo", ready.GetProperty("name").GetString());
        Assert.True(ready.GetProperty("ready").GetBoolean());
    }

    [Theory]
    [InlineData("/v2/models/no-such-model")]
    [InlineData("/v2/models/no-such-model/ready")]
    [InlineData("/v2/models/echo/versions/99")]
    [InlineData("/v2/models/echo/versions/99/ready")]
    public async Task An_unknown_model_or_version_is_404_with_a_json_error(string path)
    {
        using var client = RestCalls.Client(silo);

        var error = await (await client.GetAsync(path)).ErrorAsync(HttpStatusCode.NotFound);

        Assert.Contains(path.Contains("99") ? "99" : "no-such-model", error);
    }

    [Fact]
    public async Task Metadata_without_a_key_or_with_an_unknown_key_is_401()
    {
        using var anonymous = RestCalls.Client(silo, key: null);
        using var unknown = RestCalls.Client(silo, key: "gk_000000000000_not-a-real-secret");

        var missing = await (await anonymous.GetAsync("/v2/models/echo")).ErrorAsync(HttpStatusCode.Unauthorized);
        await (await unknown.GetAsync("/v2/models/echo/ready")).ErrorAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("authorization: Bearer", missing);
    }
}
