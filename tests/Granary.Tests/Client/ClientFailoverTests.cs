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

namespace Granary.Tests.Client;

/// <summary>
/// <c>Granary.Client</c> given several servers over real loopback sockets: one answering, one where nothing listens
/// and one that takes calls and never answers. Every call is answered by the live one, within the attempt timeout
/// of the hung one, and the dead and hung servers are left out after their first failure.
/// </summary>
public sealed class ClientFailoverTests : IAsyncLifetime
{
    /// <summary>
    /// Long enough that the live server's first call on a busy test machine (a new connection, its first gRPC call
    /// compiled) is not taken for a hang: at 500 ms that once ejected the live server too, and a call ran out of retries.
    /// </summary>
    private static readonly TimeSpan AttemptLimit = TimeSpan.FromSeconds(2);

    private readonly int _livePort = FreePorts.Next();
    private readonly int _hungPort = FreePorts.Next();
    private readonly int _deadPort = FreePorts.Next();
    private readonly CountingInference _live = new(hang: false);
    private readonly CountingInference _hung = new(hang: true);
    private readonly List<WebApplication> _apps = [];

    public async Task InitializeAsync()
    {
        _apps.Add(await StartAsync(_livePort, _live));
        _apps.Add(await StartAsync(_hungPort, _hung));
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Calls_fail_over_from_a_dead_and_a_hung_server_to_the_live_one_and_leave_those_out()
    {
        using var client = new GranaryClient(new GranaryClientOptions
        {
            Endpoints = [Address(_deadPort), Address(_hungPort), Address(_livePort)],
            AttemptTimeout = AttemptLimit,
            Timeout = TimeSpan.FromSeconds(10),
        });
        InferInput[] inputs = [InferInput.Fp32("x", [1f], 1)];

        for (var call = 0; call < 12; call++)
        {
            await client.InferAsync("echo", inputs);
        }

        Assert.Equal(12, _live.Keys.Distinct().Count());
        Assert.True(_hung.Keys.Count <= 1, $"the hung server got {_hung.Keys.Count} attempts after it was left out");
        Assert.True(client.IsEjected(new Uri(Address(_deadPort))), "the server where nothing listens is not left out");
        Assert.True(client.IsEjected(new Uri(Address(_hungPort))), "the server that never answers is not left out");
        Assert.False(client.IsEjected(new Uri(Address(_livePort))));
    }

    [Fact]
    public async Task A_retry_on_another_server_carries_the_same_idempotency_key()
    {
        using var client = new GranaryClient(new GranaryClientOptions
        {
            Endpoints = [Address(_hungPort), Address(_livePort)],
            AttemptTimeout = AttemptLimit,
        });

        await client.InferAsync("echo", [InferInput.Fp32("x", [1f], 1)]);

        Assert.Equal(_hung.Keys.Single(), _live.Keys.Single());
    }

    [Fact]
    public async Task Refusals_with_other_statuses_are_not_retried_elsewhere()
    {
        using var client = new GranaryClient(new GranaryClientOptions { Endpoints = [Address(_livePort), Address(_hungPort)], AttemptTimeout = AttemptLimit });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync(CountingInference.Refused, [InferInput.Fp32("x", [1f], 1)]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Empty(_hung.Keys);
    }

    private static string Address(int port) => $"http://127.0.0.1:{port}";

    private static async Task<WebApplication> StartAsync(int port, CountingInference service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<CountingInference>();
        await app.StartAsync();
        return app;
    }

    private sealed class CountingInference(bool hang) : GRPCInferenceService.GRPCInferenceServiceBase
    {
        public const string Refused = "refused";

        public ConcurrentQueue<string?> Keys { get; } = new();

        public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
        {
            if (request.ModelName == Refused)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "no such input"));
            }

            Keys.Enqueue(context.RequestHeaders.GetValue(GranaryClient.IdempotencyKeyHeader));
            if (hang)
            {
                // Until the client gives up on the attempt: a hung silo's calls end only when the caller leaves.
                await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            return new ModelInferResponse { ModelName = request.ModelName };
        }
    }
}
