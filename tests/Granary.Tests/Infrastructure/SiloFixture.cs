using Granary.Protocol.Inference;
using Microsoft.AspNetCore.Builder;
using Granary.Silo.Hosting;
using Grpc.Net.Client;

namespace Granary.Tests.Infrastructure;

/// <summary>
/// One real silo for a test collection: in this process, with its own repository, serving gRPC and HTTP on
/// free loopback ports; tests reach it over a real socket like any KServe client.
/// </summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>The admin key the test silo is configured with; the fixture's clients send it.</summary>
    public const string AdminKey = "test-admin-key-0123456789";

    private WebApplication? _app;

    public string RepositoryRoot { get; } = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));

    public int GrpcPort { get; } = FreePorts.Next();

    /// <summary>The HTTP/1.1 port: the REST API and /healthz.</summary>
    public int HttpPort { get; } = FreePorts.Next();

    /// <summary>The management port: /metrics and /healthz.</summary>
    public int MetricsPort { get; } = FreePorts.Next();

    /// <summary>Arguments after the fixture's own, which they override: another clustering mode, other usage settings.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>The silo's services, for a test that checks what the silo did from the inside (its usage store).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("the silo has not started");

    public GrpcChannel Channel { get; private set; } = null!;

    public GRPCInferenceService.GRPCInferenceServiceClient Inference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TestModels.WriteInto(RepositoryRoot);
        _app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(GrpcPort, HttpPort, RepositoryRoot, Path.Combine(RepositoryRoot, ".state"), AdminKey),
            $"--Granary:Grpc:MaxMessageBytes={MaxMessageBytes}",
            $"--Granary:Telemetry:MetricsPort={MetricsPort}",
            .. ExtraArguments,
        ]);
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}", new GrpcChannelOptions { MaxSendMessageSize = 3 * MaxMessageBytes });
        Inference = new GRPCInferenceService.GRPCInferenceServiceClient(Channel.WithApiKey(AdminKey));
        await Eventually.TrueAsync(async () => (await Inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the silo to be ready");
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(RepositoryRoot, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo";
}
