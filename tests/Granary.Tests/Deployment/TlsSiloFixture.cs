using System.Security.Cryptography.X509Certificates;
using Granary.Protocol.Inference;
using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Granary.Tests.Deployment;

/// <summary>One silo serving both ports over TLS with a self-signed certificate made for the run.</summary>
public sealed class TlsSiloFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));

    public int GrpcPort { get; } = FreePorts.Next();

    public int HttpPort { get; } = FreePorts.Next();

    public X509Certificate2 Certificate { get; private set; } = null!;

    /// <summary>The silo's certificate as PEM: what a client is given as its CA.</summary>
    public string CertificatePath { get; private set; } = null!;

    /// <summary>An https:// channel that trusts the silo's certificate.</summary>
    public GrpcChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TestModels.WriteInto(Path.Combine(Root, "models"));
        Certificate = TestCertificate.WritePem(Path.Combine(Root, "certs"), out var certificatePath, out var keyPath);
        CertificatePath = certificatePath;
        _app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(GrpcPort, HttpPort, Path.Combine(Root, "models"), Path.Combine(Root, ".state"), SiloFixture.AdminKey),
            $"--Granary:Tls:CertificatePath={certificatePath}",
            $"--Granary:Tls:KeyPath={keyPath}",
        ]);
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress($"https://127.0.0.1:{GrpcPort}", new GrpcChannelOptions { HttpHandler = TestCertificate.TrustingOnly(Certificate) });
        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(Channel);
        await Eventually.TrueAsync(async () => (await inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the TLS silo to be ready");
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Certificate?.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TlsSiloCollection : ICollectionFixture<TlsSiloFixture>
{
    public const string Name = "tls-silo";
}
