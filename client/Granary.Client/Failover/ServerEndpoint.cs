using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Grpc.Net.Client;

namespace Granary.Client.Failover;

/// <summary>One server a client may call: its own gRPC channel, and a stub of each service on it.</summary>
internal sealed class ServerEndpoint : IDisposable
{
    private readonly GrpcChannel _channel;

    public ServerEndpoint(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        _channel = GrpcChannel.ForAddress(address, options);
        Inference = new GRPCInferenceService.GRPCInferenceServiceClient(_channel);
        Models = new Models.ModelsClient(_channel);
        Cluster = new Cluster.ClusterClient(_channel);
        Tenants = new Tenants.TenantsClient(_channel);
        Usage = new Usage.UsageClient(_channel);
    }

    public Uri Address { get; }

    public GRPCInferenceService.GRPCInferenceServiceClient Inference { get; }

    public Models.ModelsClient Models { get; }

    public Cluster.ClusterClient Cluster { get; }

    public Tenants.TenantsClient Tenants { get; }

    public Usage.UsageClient Usage { get; }

    public void Dispose() => _channel.Dispose();
}
