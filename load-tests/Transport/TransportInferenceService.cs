using Grpc.Core;
using Granary.LoadTests.Targets;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Transport;

/// <summary>
/// The Open Inference Protocol with nothing behind it: every model is ready and every inference answers zeros of
/// the right shape at once, so what remains is what carrying a request over this gRPC stack costs.
/// </summary>
public sealed class TransportInferenceService(ZeroOutputs outputs) : GRPCInferenceService.GRPCInferenceServiceBase
{
    private const string Platform = "transport";

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = true });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelReadyResponse { Ready = true });

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        var shape = outputs.Shape;
        return Task.FromResult(new ModelMetadataResponse
        {
            Name = request.Name,
            Versions = { "1" },
            Platform = Platform,
            Inputs = { Tensor(shape.InputName, shape.Inputs) },
            Outputs = { Tensor(shape.OutputName, shape.Outputs) },
        });
    }

    public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var rows = request.Inputs.Count > 0 && request.Inputs[0].Shape.Count > 0 ? request.Inputs[0].Shape[0] : 1;
        var shape = outputs.Shape;
        return Task.FromResult(new ModelInferResponse
        {
            ModelName = request.ModelName,
            ModelVersion = request.ModelVersion,
            Id = request.Id,
            Outputs =
            {
                new ModelInferResponse.Types.InferOutputTensor { Name = shape.OutputName, Datatype = ModelShape.Fp32, Shape = { rows, shape.Outputs } },
            },
            RawOutputContents = { outputs.For(rows) },
        });
    }

    private static ModelMetadataResponse.Types.TensorMetadata Tensor(string name, int width) =>
        new() { Name = name, Datatype = ModelShape.Fp32, Shape = { -1, width } };
}
