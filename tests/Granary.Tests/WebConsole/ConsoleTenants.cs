using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Granary.Tests.Rest;
using Granary.Tests.Tenants;

namespace Granary.Tests.WebConsole;

/// <summary>Tenants for the console tests, made over the admin REST API as an operator would.</summary>
public static class ConsoleTenants
{
    public sealed record Created(string Id, string Key);

    public static async Task<Created> CreateAsync(AdminRestSiloFixture silo, string prefix)
    {
        var id = TenantSetup.UniqueId(prefix);
        var (created, _) = await SendAsync(silo, HttpMethod.Post, "/v1/tenants", AdminRestSiloFixture.AdminKey, new { id, name = id, plan = "test" });
        var (issued, key) = await SendAsync(silo, HttpMethod.Post, $"/v1/tenants/{id}/keys", AdminRestSiloFixture.AdminKey, new { name = "console" });
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], [created, issued]);
        return new Created(id, key.GetProperty("secret").GetString()!);
    }

    /// <summary>One 1-row inference of the MLP over REST.</summary>
    public static Task<(HttpStatusCode Status, JsonElement Body)> InferAsync(AdminRestSiloFixture silo, string key, string model) =>
        SendAsync(silo, HttpMethod.Post, $"/v2/models/{model}/infer", key, JsonDocument.Parse(RestTenants.MlpRequest).RootElement);

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(AdminRestSiloFixture silo, HttpMethod method, string path, string key, object? body = null)
    {
        using var request = AdminRestSiloFixture.Request(method, path, key, body is null ? null : JsonContent.Create(body));
        using var response = await silo.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, json.RootElement.Clone());
    }
}
