using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Granary.Models.Repository;
using Granary.Tests.Tenants;

namespace Granary.Tests.Rest;

/// <summary>
/// The admin APIs as JSON on the silo's HTTP/1.1 port (gRPC JSON transcoding): the routes answer with the
/// same data, the same authentication and the same errors as gRPC, the status as an HTTP status.
/// </summary>
[Collection(AdminRestCollection.Name)]
public sealed class AdminRestTests(AdminRestSiloFixture silo)
{
    private const string Admin = AdminRestSiloFixture.AdminKey;

    [Fact]
    public async Task Get_models_lists_every_model_in_the_repository()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v1/models", Admin);

        Assert.Equal(HttpStatusCode.OK, status);
        var names = body.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToHashSet();
        string[] expected = [DemoRepository.MlpClassifier, DemoRepository.TextEmbedder, DemoRepository.Echo, DemoRepository.HalfEcho, DemoRepository.VectorDoubler];
        Assert.True(names.SetEquals(expected), $"expected models {string.Join(", ", expected)}; got {string.Join(", ", names)}");
    }

    [Fact]
    public async Task Get_a_model_returns_its_card_deployment_and_versions()
    {
        var (status, model) = await SendAsync(HttpMethod.Get, $"/v1/models/{DemoRepository.MlpClassifier}", Admin);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(DemoRepository.MlpClassifier, model.GetProperty("name").GetString());
        Assert.Equal("cpu", model.GetProperty("deployment").GetProperty("device").GetString());
        var version = Assert.Single(model.GetProperty("versions").EnumerateArray());
        Assert.Equal("1", version.GetProperty("version").GetString());
    }

    [Fact]
    public async Task An_unknown_model_is_404_with_a_json_status_naming_it()
    {
        var (status, error) = await SendAsync(HttpMethod.Get, "/v1/models/no-such-model", Admin);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal((int)Grpc.Core.StatusCode.NotFound, error.GetProperty("code").GetInt32());
        Assert.Contains("'no-such-model'", error.GetProperty("message").GetString());
        Assert.Equal("MODEL_NOT_FOUND", ReasonOf(error));
    }

    [Fact]
    public async Task Cluster_silos_lists_this_silo_as_active_with_its_grpc_endpoint()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/v1/cluster/silos", Admin);

        Assert.Equal(HttpStatusCode.OK, status);
        var only = Assert.Single(body.GetProperty("silos").EnumerateArray());
        Assert.Equal("ACTIVE", only.GetProperty("status").GetString());
        Assert.Equal($"127.0.0.1:{silo.GrpcPort}", only.GetProperty("grpcEndpoint").GetString());
    }

    [Fact]
    public async Task A_tenant_created_over_rest_gets_a_working_key_and_the_quota_set()
    {
        var id = TenantSetup.UniqueId("rest");

        var (created, tenant) = await SendAsync(HttpMethod.Post, "/v1/tenants", Admin, new { id, name = "Rest Co", plan = "pro" });
        var (issued, key) = await SendAsync(HttpMethod.Post, $"/v1/tenants/{id}/keys", Admin, new { name = "ci" });
        var (set, _) = await SendAsync(HttpMethod.Put, $"/v1/tenants/{id}/quota", Admin, new { requestsPerSecond = 7.5, burst = 15, unitsPerMinute = 1000 });
        var (read, usage) = await SendAsync(HttpMethod.Get, $"/v1/tenants/{id}/quota", Admin);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [created, issued, set, read]);
        Assert.Equal("ACTIVE", tenant.GetProperty("status").GetString());
        var limits = usage.GetProperty("limits");
        Assert.Equal(7.5, limits.GetProperty("requestsPerSecond").GetDouble());
        Assert.Equal(15, limits.GetProperty("burst").GetInt32());
        Assert.Equal(1000, limits.GetProperty("unitsPerMinute").GetInt64());
        var secret = key.GetProperty("secret").GetString()!;
        var (withTenantKey, _) = await SendAsync(HttpMethod.Get, $"/v1/models/{DemoRepository.Echo}", secret);
        Assert.Equal(HttpStatusCode.OK, withTenantKey);
    }

    [Fact]
    public async Task Suspend_and_resume_over_rest_change_the_tenant_status()
    {
        var id = TenantSetup.UniqueId("rest-status");
        await SendAsync(HttpMethod.Post, "/v1/tenants", Admin, new { id, name = id, plan = "test" });

        var (_, suspended) = await SendAsync(HttpMethod.Post, $"/v1/tenants/{id}:suspend", Admin);
        var (_, resumed) = await SendAsync(HttpMethod.Post, $"/v1/tenants/{id}:resume", Admin);

        Assert.Equal("SUSPENDED", suspended.GetProperty("status").GetString());
        Assert.Equal("ACTIVE", resumed.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/v1/tenants")]
    [InlineData("/v1/cluster/silos")]
    [InlineData("/v1/models")]
    public async Task No_key_is_401(string path)
    {
        var (status, error) = await SendAsync(HttpMethod.Get, path, key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", ReasonOf(error));
    }

    [Theory]
    [InlineData("/v1/cluster/devices")]
    [InlineData("/v1/cluster/silos")]
    public async Task A_tenant_key_is_403_on_the_admin_only_apis(string path)
    {
        var id = TenantSetup.UniqueId("rest-denied");
        await SendAsync(HttpMethod.Post, "/v1/tenants", Admin, new { id, name = id, plan = "test" });
        var (_, key) = await SendAsync(HttpMethod.Post, $"/v1/tenants/{id}/keys", Admin, new { name = "t" });

        var (status, error) = await SendAsync(HttpMethod.Get, path, key.GetProperty("secret").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("PERMISSION_DENIED", ReasonOf(error));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        using var request = AdminRestSiloFixture.Request(method, path, key, body is null ? null : JsonContent.Create(body));
        using var response = await silo.Http.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.Clone());
    }

    /// <summary>The google.rpc.ErrorInfo reason in an error body's details.</summary>
    private static string? ReasonOf(JsonElement error) =>
        error.GetProperty("details").EnumerateArray()
            .Where(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo")
            .Select(d => d.GetProperty("reason").GetString())
            .SingleOrDefault();
}
