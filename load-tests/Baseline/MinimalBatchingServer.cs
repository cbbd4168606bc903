using Granary.LoadTests.Targets;
using Granary.LoadTests.Transport;

namespace Granary.LoadTests.Baseline;

/// <summary>
/// The fixed baseline Granary is held against (issue 19): the loopback gRPC host, one ONNX Runtime session and one
/// queue of requests, batched by <see cref="RowBatcher"/>. Its configuration is fixed in <see cref="RowBatcher"/> and
/// was set before any change to Granary's 1-row path; it is never tuned afterwards.
/// </summary>
public static class MinimalBatchingServer
{
    public static async Task RunAsync(int port, string modelFile, ModelShape shape, CancellationToken cancellationToken)
    {
        using var batcher = new RowBatcher(modelFile, shape);
        await LoopbackGrpcServer.RunAsync<BaselineInferenceService>(port, services => services.AddSingleton(batcher), cancellationToken);
    }
}
