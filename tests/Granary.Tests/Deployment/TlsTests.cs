using Granary.Client;
using Granary.Protocol.Inference;
using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Granary.Tests.Deployment;

/// <summary>With <c>Granary:Tls</c> set, both ports speak TLS only, and a bad certificate path stops the silo.</summary>
[Collection(TlsSiloCollection.Name)]
public sealed class TlsTests(TlsSiloFixture silo)
{
    [Fact]
    public async Task Grpc_over_https_answers_ready_and_infers_with_the_admin_key()
    {
        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(silo.Channel.WithApiKey(SiloFixture.AdminKey));

        var ready = await inference.ServerReadyAsync(new ServerReadyRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        var response = await inference.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", new float[64], 1, 64), deadline: DateTime.UtcNow.AddSeconds(30));

        Assert.True(ready.Ready);
        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape.ToArray());
    }

    [Fact]
    public async Task Plain_h2c_to_the_tls_grpc_port_fails()
    {
        using var plain = GrpcChannel.ForAddress($"http://127.0.0.1:{silo.GrpcPort}");
        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(plain);

        var error = await Assert.ThrowsAsync<RpcException>(() => inference.ServerReadyAsync(new ServerReadyRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task Rest_over_https_on_the_http_port_answers_server_metadata()
    {
        using var http = new HttpClient(TestCertificate.TrustingOnly(silo.Certificate)) { BaseAddress = new Uri($"https://127.0.0.1:{silo.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };

        using var response = await http.GetAsync("/v2");

        Assert.True(response.IsSuccessStatusCode, $"GET /v2 over https answered {(int)response.StatusCode}, expected 2xx");
    }

    [Fact]
    public async Task Granary_client_given_the_certificate_as_ca_reaches_the_https_address()
    {
        using var client = new GranaryClient(new GranaryClientOptions { Address = $"https://127.0.0.1:{silo.GrpcPort}", ApiKey = SiloFixture.AdminKey, CaCertificatePath = silo.CertificatePath });

        Assert.True(await client.IsServerReadyAsync());
    }

    [Fact]
    public async Task Granary_client_without_the_ca_refuses_the_self_signed_certificate()
    {
        using var client = new GranaryClient(new GranaryClientOptions { Address = $"https://127.0.0.1:{silo.GrpcPort}", MaxRetries = 0, Timeout = TimeSpan.FromSeconds(10) });

        await Assert.ThrowsAnyAsync<Exception>(() => client.IsServerReadyAsync());
    }

    [Fact]
    public void A_missing_certificate_file_stops_the_silo_naming_the_key()
    {
        var missing = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"), "tls.crt");

        var error = Assert.Throws<OptionsValidationException>(() => GranarySiloHost.Build(
        [
            $"--Granary:Grpc:Port={FreePorts.Next()}",
            $"--Granary:Tls:CertificatePath={missing}",
        ]));

        Assert.Contains("Granary:Tls:CertificatePath", error.Message);
    }
}
