using System.Collections.Concurrent;
using System.Net;
using Granary.Client;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Granary.Tests.Usage;

/// <summary>
/// <c>Granary.Client</c> sends a fresh <c>idempotency-key</c> with each logical inference and the same one on every
/// retry of it, against a server that answers UNAVAILABLE to the first two attempts of each call.
/// </summary>
public sealed class IdempotencyKeyTests : IAsyncLifetime
{
    private readonly int _port = FreePorts.Next();
    private readonly FlakyInference _server = new();
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(_server);
        _app = builder.Build();
        _app.MapGrpcService<FlakyInference>();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_call_sends_one_key_on_all_its_attempts_and_calls_send_different_keys()
    {
        using var client = new GranaryClient(new GranaryClientOptions { Address = $"http://127.0.0.1:{_port}", MaxRetries = 3, RetryBackoff = TimeSpan.FromMilliseconds(1) });
        InferInput[] inputs = [InferInput.Fp32("x", [1f], 1)];

        await client.InferAsync("echo", inputs);
        await client.InferAsync("echo", inputs);

        var attempts = _server.Attempts.ToArray();
        Assert.Equal(6, attempts.Length);
        Assert.All(attempts, key => Assert.False(string.IsNullOrEmpty(key), "an attempt came without an idempotency-key"));
        Assert.Equal(2, attempts.Distinct().Count());
        Assert.All(attempts.GroupBy(k => k), g => Assert.Equal(3, g.Count()));
    }

    private sealed class FlakyInference : GRPCInferenceService.GRPCInferenceServiceBase
    {
        public ConcurrentQueue<string?> Attempts { get; } = new();

        public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
        {
            var key = context.RequestHeaders.GetValue(GranaryClient.IdempotencyKeyHeader);
            Attempts.Enqueue(key);
            if (Attempts.Count(k => k == key) < 3)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "try again"));
            }

            return Task.FromResult(new ModelInferResponse { ModelName = request.ModelName });
        }
    }
}
