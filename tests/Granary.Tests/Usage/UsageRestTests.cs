using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static Granary.Tests.Usage.UsageSiloFixture;

namespace Granary.Tests.Usage;

/// <summary>granary.v1.Usage as JSON on the HTTP port: the same rows, visibility and errors as gRPC.</summary>
[Collection(UsageSiloCollection.Name)]
public sealed class UsageRestTests(UsageSiloFixture silo)
{
    private const string Range = "from=2026-11-29&to=2026-12-01";

    [Fact]
    public async Task Get_usage_returns_the_callers_rows_with_cost()
    {
        var (status, body) = await GetAsync($"/v1/usage?{Range}&groupBy=model&groupBy=key", silo.PlainKey);

        Assert.Equal(HttpStatusCode.OK, status);
        var rows = body.GetProperty("rows").EnumerateArray().ToArray();
        Assert.All(rows, r => Assert.Equal(silo.PlainTenant, r.GetProperty("tenantId").GetString()));
        var echoKa1 = rows.Single(r => r.GetProperty("model").GetString() == Priced && r.GetProperty("keyId").GetString() == "ka1");
        Assert.Equal(("1.11", "USD"), (echoKa1.GetProperty("cost").GetString(), echoKa1.GetProperty("currency").GetString()));
    }

    [Fact]
    public async Task Another_tenants_usage_is_403()
    {
        var (status, error) = await GetAsync($"/v1/usage?{Range}&tenantId={silo.PlainTenant}", silo.GoldKey);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal((int)Grpc.Core.StatusCode.PermissionDenied, error.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_bad_bucket_is_400()
    {
        var (status, _) = await GetAsync($"/v1/usage?{Range}&bucket=week", silo.PlainKey);

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task An_admin_gets_the_top_tenants()
    {
        var (status, body) = await GetAsync($"/v1/usage/top-tenants?{Range}&limit=1", AdminKey);

        Assert.Equal(HttpStatusCode.OK, status);
        var top = Assert.Single(body.GetProperty("tenants").EnumerateArray());
        Assert.Equal((silo.PlainTenant, "1.64"), (top.GetProperty("tenantId").GetString(), top.GetProperty("cost").GetString()));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
