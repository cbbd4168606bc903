using Grpc.Core;
using Grpc.Net.Client;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Load;

/// <summary>
/// Several channels to one server (or to several silos of one cluster, taken in turn), each with its own HTTP/2
/// connections, so that a connection's stream limit (100 in Kestrel) never caps the callers in flight. Caller <c>i</c>
/// uses channel <c>i / callersPerChannel</c>; channel <c>j</c> goes to address <c>j mod addresses</c>.
/// </summary>
public sealed class ChannelPool : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private readonly GRPCInferenceService.GRPCInferenceServiceClient[] _clients;

    public ChannelPool(IReadOnlyList<Uri> addresses, int maxCallers, int callersPerChannel, string? apiKey = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(addresses.Count);
        CallersPerChannel = callersPerChannel;
        Headers = ApiKeyHeaders.For(apiKey);
        var count = Math.Max(addresses.Count, (maxCallers + callersPerChannel - 1) / callersPerChannel);
        _channels = new GrpcChannel[count];
        _clients = new GRPCInferenceService.GRPCInferenceServiceClient[count];
        for (var i = 0; i < count; i++)
        {
            _channels[i] = GrpcChannel.ForAddress(addresses[i % addresses.Count], new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                    KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                    KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
                },
                DisposeHttpClient = true,
            });
            _clients[i] = new GRPCInferenceService.GRPCInferenceServiceClient(_channels[i]);
        }
    }

    public int CallersPerChannel { get; }

    /// <summary>
    /// What every call to this server must send (its API key), or null. Callers pass it as the call's headers: unlike
    /// an interceptor, which allocates a context, a delegate and, without headers, a new Metadata per call, that costs
    /// the hot loop nothing.
    /// </summary>
    public Metadata? Headers { get; }

    /// <summary>The client for a closed-loop caller: callers fill one channel before the next is used.</summary>
    public GRPCInferenceService.GRPCInferenceServiceClient ForCaller(int caller) => _clients[caller / CallersPerChannel % _clients.Length];

    /// <summary>The client for the n-th open-loop request: requests go round the channels.</summary>
    public GRPCInferenceService.GRPCInferenceServiceClient ForRequest(long sequence) => _clients[sequence % _clients.Length];

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
