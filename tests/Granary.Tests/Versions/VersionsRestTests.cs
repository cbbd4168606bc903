using System.Net;
using System.Net.Http.Json;
using Granary.Tests.Rest;
using Granary.Tests.Tenants;
using Granary.Tests.Infrastructure;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Versions;

/// <summary>The version controls as JSON on the HTTP port (gRPC JSON transcoding), and version-pinned REST inference.</summary>
[Collection(VersionsCollection.Name)]
public sealed class VersionsRestTests(VersionsSiloFixture silo)
{
    private const string Model = VersionsSiloFixture.RestControlled;

    [Fact]
    public async Task Traffic_unload_and_load_work_over_rest()
    {
        using var http = silo.Http();

        var split = await http.PutAsJsonAsync($"/v1/models/{Model}/traffic", new { traffic = new[] { new { version = 1, percent = 100 }, new { version = 2, percent = 0 } } });
        var unpinned = await InferAsync(http, $"/v2/models/{Model}/infer");
        var unload = await http.PostAsync($"/v1/models/{Model}/unload", null);
        var whileUnloaded = await http.PostJsonAsync($"/v2/models/{Model}/infer", RestTenants.MlpRequest);
        var load = await http.PostAsync($"/v1/models/{Model}/load", null);
        var pinned = await InferAsync(http, $"/v2/models/{Model}/versions/2/infer");
        var cleared = await http.PutAsJsonAsync($"/v1/models/{Model}/traffic", new { traffic = Array.Empty<object>() });

        var traffic = (await split.JsonAsync()).GetProperty("traffic").EnumerateArray().Select(s => s.GetProperty("percent").GetInt32()).ToArray();
        Assert.Equal([100, 0], traffic);
        Assert.Equal("1", unpinned);
        Assert.True((await unload.JsonAsync()).GetProperty("unloaded").GetBoolean());
        Assert.Contains("is unloaded", await whileUnloaded.ErrorAsync(HttpStatusCode.BadRequest));
        Assert.False((await load.JsonAsync()).TryGetProperty("unloaded", out var stillUnloaded) && stillUnloaded.GetBoolean());
        Assert.Equal("2", pinned);
        Assert.False((await cleared.JsonAsync()).TryGetProperty("traffic", out var left) && left.GetArrayLength() > 0);
    }

    [Fact]
    public async Task A_bad_split_over_rest_is_400_naming_what_is_wrong()
    {
        using var http = silo.Http();

        var response = await http.PutAsJsonAsync($"/v1/models/{Model}/traffic", new { traffic = new[] { new { version = 1, percent = 60 } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("add up to 60", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tenant_key_is_403_over_rest()
    {
        var tenantKey = await TenantSetup.CreateWithKeyAsync(new TenantsClient(silo.Channel.WithApiKey(VersionsSiloFixture.AdminKey)), TenantSetup.UniqueId("versions-rest"));
        using var http = silo.Http(tenantKey);

        var unload = await http.PostAsync($"/v1/models/{Model}/unload", null);
        var deploy = await http.PatchAsJsonAsync($"/v1/models/{Model}/deployment", new { replicas = 2 });

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [unload.StatusCode, deploy.StatusCode]);
    }

    private static async Task<string> InferAsync(HttpClient http, string path) =>
        (await (await http.PostJsonAsync(path, RestTenants.MlpRequest)).JsonAsync()).GetProperty("model_version").GetString()!;
}
