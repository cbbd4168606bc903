using System.Net.Http.Headers;
using Granary.Protocol.Inference;
using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Granary.Tests.Rest;

/// <summary>
/// One real silo in this process with its HTTP/1.1 port open on loopback (the shared <see cref="SiloFixture"/>
/// turns it off), for the admin APIs as JSON. Its repository gets the demo models at start.
/// </summary>
public sealed class AdminRestSiloFixture : IAsyncLifetime
{
    public const string AdminKey = "rest-admin-key-0123456789";

    private WebApplication? _app;

    private string Root { get; } = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));

    public int GrpcPort { get; } = FreePorts.Next();

    public int HttpPort { get; } = FreePorts.Next();

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>A client of the HTTP port that sends no key; each test adds the key it means to send.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(GrpcPort, HttpPort, Path.Combine(Root, "models"), Path.Combine(Root, ".state"), AdminKey),
        ]);
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(Channel);
        await Eventually.TrueAsync(async () => (await inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the silo to be ready");
    }

    /// <summary>A request to the HTTP port carrying <c>authorization: Bearer {key}</c>, or no key when null.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class AdminRestCollection : ICollectionFixture<AdminRestSiloFixture>
{
    public const string Name = "admin-rest";
}
