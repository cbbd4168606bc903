using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Rest;

/// <summary>Every refusal is <c>{"error": "...", "reason": "..."}</c> with the error table's HTTP status, never a 500.</summary>
[Collection(SiloCollection.Name)]
public sealed class RestErrorTests(SiloFixture silo)
{
    private const string Mlp = "/v2/models/mlp-classifier/infer";

    private static string MlpInput(string shape, string data) =>
        $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": {{shape}}, "data": {{data}}}]}""";

    [Theory]
    [InlineData("{\"inputs\": [", "not valid JSON")]
    [InlineData("", "not valid JSON")]
    [InlineData("[1, 2]", "not a JSON object")]
    [InlineData("{\"inputs\": {}}", "'inputs' is not a JSON array")]
    [InlineData("{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 2], \"data\": [\"a\", 1]}]}", "\"a\" in data, which is not a FP32")]
    [InlineData("{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP99\", \"shape\": [1], \"data\": [1]}]}", "unknown datatype 'FP99'")]
    public async Task Malformed_json_and_wrong_types_are_refused_with_400_saying_what_is_wrong(string body, string expected)
    {
        using var client = RestCalls.Client(silo);

        var error = await (await client.PostJsonAsync(Mlp, body)).ErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task Fp16_sent_as_json_data_is_refused_with_400_naming_the_binary_extension()
    {
        using var client = RestCalls.Client(silo);

        var error = await (await client.PostJsonAsync(
            "/v2/models/echo-fp16/infer", """{"inputs": [{"name": "in_fp16", "datatype": "FP16", "shape": [1, 3], "data": [1, 2, 3]}]}""")).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("in_fp16", error.GetProperty("error").GetString());
        Assert.Contains("binary tensor data", error.GetProperty("error").GetString());
        Assert.Equal("INVALID_ARGUMENT", error.GetProperty("reason").GetString());
        Assert.False(error.TryGetProperty("retry_after_seconds", out _));
    }

    [Theory]
    [InlineData("[1, 64]", "[1, 2, 3]", "has 3 values in data; its shape needs 64")]
    [InlineData("[1, -64]", "[]", "dimensions are non-negative integers")]
    [InlineData("[1, 6.5]", "[]", "dimensions are non-negative integers")]
    [InlineData("[4294967296, 4294967296, 4]", "[]", "does not fit in 64 bits")]
    [InlineData("[]", "[0.5]", "expects [-1, 64]")]
    [InlineData("null", "[0.5]", "has no shape array")]
    public async Task Shapes_that_are_negative_empty_missing_overflowing_or_disagree_with_the_data_are_refused_with_400(string shape, string data, string expected)
    {
        using var client = RestCalls.Client(silo);

        var error = await (await client.PostJsonAsync(Mlp, MlpInput(shape, data))).ErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData(257, 256, "only 256 bytes of binary data follow")]
    [InlineData(255, 256, "1 bytes of binary data follow the JSON header that no input's binary_data_size accounts for")]
    [InlineData(-1, 256, "must be a non-negative integer")]
    [InlineData(252, 252, "has 252 bytes; shape [1, 64] of FP32 needs 256")]
    public async Task Binary_data_sizes_that_disagree_with_the_bytes_sent_are_refused_with_400(int declared, int sent, string expected)
    {
        using var client = RestCalls.Client(silo);
        var json = $$$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 64], "parameters": {"binary_data_size": {{{declared}}}}}]}""";

        var error = await (await client.PostBinaryAsync(Mlp, json, new byte[sent])).ErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task A_header_length_beyond_the_body_is_refused_with_400()
    {
        using var client = RestCalls.Client(silo);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(RestTenants.MlpRequest));
        content.Headers.Add(RestCalls.HeaderLength, "999999");

        var error = await (await client.PostAsync(Mlp, content)).ErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains("Inference-Header-Content-Length is '999999'", error);
    }

    [Fact]
    public async Task Infer_without_a_key_or_with_an_unknown_key_is_401()
    {
        using var anonymous = RestCalls.Client(silo, key: null);
        using var unknown = RestCalls.Client(silo, key: "gk_000000000000_not-a-real-secret");

        var missing = await (await anonymous.PostJsonAsync(Mlp, RestTenants.MlpRequest)).ErrorAsync(HttpStatusCode.Unauthorized);
        await (await unknown.PostJsonAsync(Mlp, RestTenants.MlpRequest)).ErrorAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("authorization: Bearer", missing);
    }

    [Fact]
    public async Task A_model_reserved_for_another_tenant_is_404_and_a_suspended_tenant_is_403()
    {
        var tenant = Tenants.TenantSetup.UniqueId("rest-suspended");
        var key = await Tenants.TenantSetup.CreateWithKeyAsync(RestTenants.Admin(silo), tenant);
        using var client = RestCalls.Client(silo, key);

        var hidden = await (await client.PostJsonAsync($"/v2/models/{TestModels.PrivateModel}/infer", RestTenants.MlpRequest)).ErrorAsync(HttpStatusCode.NotFound);
        await RestTenants.Admin(silo).SuspendTenantAsync(new SuspendTenantRequest { Id = tenant });
        await Eventually.TrueAsync(
            async () => (await client.PostJsonAsync(Mlp, RestTenants.MlpRequest)).StatusCode == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(5), "the suspended tenant to get 403");

        Assert.Equal($"model '{TestModels.PrivateModel}' not found", hidden);
        await (await client.GetAsync("/v2/models/mlp-classifier")).ErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_body_over_the_message_limit_is_refused_with_413()
    {
        // As curl does for large bodies: the silo refuses on the Content-Length before any of the body is sent.
        using var client = RestCalls.Client(silo);
        client.DefaultRequestHeaders.ExpectContinue = true;
        var content = new ByteArrayContent(new byte[SiloFixture.MaxMessageBytes + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var error = await (await client.PostAsync(Mlp, content)).ErrorAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains($"{SiloFixture.MaxMessageBytes}", error);
    }

    [Fact]
    public async Task Over_the_request_rate_the_call_is_429_with_retry_after_and_rate_limit_headers()
    {
        using var client = RestCalls.Client(silo, await RestTenants.CreateAsync(silo, "rest-rate", new QuotaLimits { RequestsPerSecond = 1, Burst = 2 }));

        HttpResponseMessage? refused = null;
        for (var call = 0; call < 20 && refused is null; call++)
        {
            var response = await client.PostJsonAsync(Mlp, RestTenants.MlpRequest);
            refused = response.StatusCode == HttpStatusCode.OK ? null : response;
        }

        Assert.NotNull(refused);
        var error = await refused.JsonAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("1 requests per second", error.GetProperty("error").GetString());
        Assert.Equal("QUOTA_EXCEEDED", error.GetProperty("reason").GetString());
        Assert.Equal("requests_per_second", error.GetProperty("quota").GetProperty("limit").GetString());
        Assert.InRange(error.GetProperty("retry_after_seconds").GetDouble(), 0.001, 2);
        Assert.InRange(int.Parse(refused.Header("Retry-After")), 1, 2);
        Assert.Equal("0", refused.Header("x-ratelimit-remaining-requests"));
        Assert.EndsWith("s", refused.Header("x-ratelimit-reset-requests"));
    }
}
