using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Rest;

/// <summary>Calls the silo's REST API over its real HTTP port, as curl or a KServe v2 HTTP client would.</summary>
public static class RestCalls
{
    public const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>A client for the silo's HTTP port sending <c>authorization: Bearer {key}</c>, or no key.</summary>
    public static HttpClient Client(SiloFixture silo, string? key = SiloFixture.AdminKey)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Posts a JSON header followed by binary tensor data, with the header's length in its header.</summary>
    public static Task<HttpResponseMessage> PostBinaryAsync(this HttpClient client, string path, string json, params byte[][] tensors)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent([.. header, .. tensors.SelectMany(t => t)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add(HeaderLength, header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return client.PostAsync(path, content);
    }

    /// <summary>The JSON of a response whose status must be <paramref name="expected"/>; the message shows the body otherwise.</summary>
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The error message of a refused call, after checking its status and that the body is <c>{"error": "..."}</c>.</summary>
    public static async Task<string> ErrorAsync(this HttpResponseMessage response, HttpStatusCode expected) =>
        (await response.JsonAsync(expected)).GetProperty("error").GetString()!;

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"the response has no {name} header");
}
