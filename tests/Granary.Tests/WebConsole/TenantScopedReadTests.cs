using System.Net;
using Granary.Tests.Rest;

namespace Granary.Tests.WebConsole;

/// <summary>
/// The admin REST APIs' tenant-scoped reads, which the console uses: a tenant key reads its own tenant, keys and
/// quota, is refused another tenant's (403), lists only itself, and no write is open to it.
/// </summary>
[Collection(AdminRestCollection.Name)]
public sealed class TenantScopedReadTests(AdminRestSiloFixture silo)
{
    [Fact]
    public async Task A_tenant_key_reads_its_own_tenant_keys_and_quota()
    {
        var mine = await ConsoleTenants.CreateAsync(silo, "scoped-mine");

        var (tenant, profile) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, $"/v1/tenants/{mine.Id}", mine.Key);
        var (keys, keyList) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, $"/v1/tenants/{mine.Id}/keys", mine.Key);
        var (quota, _) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, $"/v1/tenants/{mine.Id}/quota", mine.Key);
        var (list, listed) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, "/v1/tenants", mine.Key);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [tenant, keys, quota, list]);
        Assert.Equal(mine.Id, profile.GetProperty("id").GetString());
        Assert.Single(keyList.GetProperty("keys").EnumerateArray());
        var only = Assert.Single(listed.GetProperty("tenants").EnumerateArray());
        Assert.Equal(mine.Id, only.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("/v1/tenants/{0}")]
    [InlineData("/v1/tenants/{0}/keys")]
    [InlineData("/v1/tenants/{0}/quota")]
    [InlineData("/v1/usage?tenantId={0}")]
    public async Task A_tenant_key_is_403_on_another_tenants_reads(string template)
    {
        var mine = await ConsoleTenants.CreateAsync(silo, "scoped-reader");
        var other = await ConsoleTenants.CreateAsync(silo, "scoped-other");

        var (status, error) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, other.Id), mine.Key);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.DoesNotContain("\"name\"", error.GetRawText());
    }

    [Theory]
    [InlineData("POST", "/v1/tenants/{0}/keys", """{"name":"more"}""")]
    [InlineData("PUT", "/v1/tenants/{0}/quota", """{"requestsPerSecond":1000}""")]
    [InlineData("POST", "/v1/tenants/{0}:suspend", null)]
    [InlineData("POST", "/v1/tenants/{0}:resume", null)]
    [InlineData("POST", "/v1/tenants", """{"id":"made-by-a-tenant","name":"no"}""")]
    public async Task No_write_is_open_to_a_tenant_key_even_on_its_own_tenant(string method, string template, string? body)
    {
        var mine = await ConsoleTenants.CreateAsync(silo, "scoped-writer");
        using var request = AdminRestSiloFixture.Request(new HttpMethod(method), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, mine.Id), mine.Key,
            body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_console_is_served_on_the_http_port_with_a_policy_that_loads_only_its_own_files()
    {
        using var redirect = await silo.Http.GetAsync("/console");
        using var page = await silo.Http.GetAsync("/console/");
        using var script = await silo.Http.GetAsync("/console/console.js");
        using var missing = await silo.Http.GetAsync("/console/no-such-file.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<title>Granary console</title>", await page.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("/console/", redirect.RequestMessage?.RequestUri?.AbsolutePath);
    }
}
