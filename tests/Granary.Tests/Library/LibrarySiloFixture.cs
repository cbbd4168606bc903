using Granary.Protocol.Inference;
using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Granary.Tests.Tenants;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using ModelsClient = Granary.Protocol.V1.Models.ModelsClient;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Library;

/// <summary>
/// One silo in this process (embedded mode: the library's files in a directory) with its HTTP port open, an upload
/// limit of <see cref="MaxFileBytes"/>, and a plan <c>tiny</c> whose tenants may keep one library model.
/// </summary>
public sealed class LibrarySiloFixture : IAsyncLifetime
{
    public const string AdminKey = "library-admin-key-0123456789";

    /// <summary>The upload limit this silo is given: four times the demo classifier's file.</summary>
    public const long MaxFileBytes = 512 * 1024;

    private WebApplication? _app;

    private string Root { get; } = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));

    public int GrpcPort { get; } = FreePorts.Next();

    public int HttpPort { get; } = FreePorts.Next();

    public GrpcChannel Channel { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public ModelsClient Models(string key) => new(Channel.WithApiKey(key));

    /// <summary>Whether the embedded store (<c>&lt;state&gt;/library/blobs</c>) holds the file.</summary>
    public bool StoreHolds(string sha256) => File.Exists(Path.Combine(Root, ".state", "library", "blobs", sha256[..2], sha256 + ".onnx"));

    public GRPCInferenceService.GRPCInferenceServiceClient Inference(string key) => new(Channel.WithApiKey(key));

    public TenantsClient Tenants => new(Channel.WithApiKey(AdminKey));

    /// <summary>A new tenant (on <paramref name="plan"/>) and its key.</summary>
    public async Task<(string Id, string Key)> TenantAsync(string prefix, string plan = "test")
    {
        var id = TenantSetup.UniqueId(prefix);
        await Tenants.CreateTenantAsync(new global::Granary.Protocol.V1.CreateTenantRequest { Id = id, Name = id, Plan = plan, Quota = new global::Granary.Protocol.V1.QuotaLimits() });
        var key = (await Tenants.IssueApiKeyAsync(new global::Granary.Protocol.V1.IssueApiKeyRequest { TenantId = id, Name = "test" })).Secret;
        return (id, key);
    }

    public async Task InitializeAsync()
    {
        _app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(GrpcPort, HttpPort, Path.Combine(Root, "models"), Path.Combine(Root, ".state"), AdminKey),
            $"--Granary:Library:MaxFileBytes={MaxFileBytes}",
            "--Granary:Plans:tiny:Library:MaxModels=1",
        ]);
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(Channel);
        await Eventually.TrueAsync(async () => (await inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the silo to be ready");
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
public sealed class LibrarySiloCollection : ICollectionFixture<LibrarySiloFixture>
{
    public const string Name = "library";
}
