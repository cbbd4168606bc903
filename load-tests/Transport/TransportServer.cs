using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Transport;

/// <summary>The bare server: the loopback gRPC host serving zeros.</summary>
public static class TransportServer
{
    public static Task RunAsync(int port, ModelShape shape, CancellationToken cancellationToken) =>
        LoopbackGrpcServer.RunAsync<TransportInferenceService>(port, services => services.AddSingleton(new ZeroOutputs(shape)), cancellationToken);
}
