using Grpc.Core;
using Granary.LoadTests.Targets;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Transport;

/// <summary>
/// The Open Inference Protocol's health and metadata calls for a server of one always-ready model of a known shape;
/// the servers the benchmark compares against add only their <c>ModelInfer</c>.
/// </summary>
public abstract class ShapeOnlyInferenceService(ModelShape shape, string platform) : GRPCInferenceService.GRPCInferenceServiceBase
{
    protected ModelShape Shape { get; } = shape;

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = true });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelReadyResponse { Ready = true });

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelMetadataResponse
        {
            Name = request.Name,
            Versions = { "1" },
            Platform = platform,
            Inputs = { Tensor(Shape.InputName, Shape.Inputs) },
            Outputs = { Tensor(Shape.OutputName, Shape.Outputs) },
        });

    /// <summary>The rows of a request: the first dimension of its first input, 1 when it has none.</summary>
    protected static long RowsOf(ModelInferRequest request) =>
        request.Inputs.Count > 0 && request.Inputs[0].Shape.Count > 0 ? request.Inputs[0].Shape[0] : 1;

    private static ModelMetadataResponse.Types.TensorMetadata Tensor(string name, int width) =>
        new() { Name = name, Datatype = ModelShape.Fp32, Shape = { -1, width } };
}
