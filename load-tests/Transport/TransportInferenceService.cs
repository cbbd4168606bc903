using Grpc.Core;
using Granary.LoadTests.Targets;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Transport;

/// <summary>
/// The Open Inference Protocol with nothing behind it: every model is ready and every inference answers zeros of
/// the right shape at once, so what remains is what carrying a request over this gRPC stack costs.
/// </summary>
public sealed class TransportInferenceService(ZeroOutputs outputs) : ShapeOnlyInferenceService(outputs.Shape, "transport")
{
    public override Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var rows = RowsOf(request);
        return Task.FromResult(new ModelInferResponse
        {
            ModelName = request.ModelName,
            ModelVersion = request.ModelVersion,
            Id = request.Id,
            Outputs =
            {
                new ModelInferResponse.Types.InferOutputTensor { Name = Shape.OutputName, Datatype = ModelShape.Fp32, Shape = { rows, Shape.Outputs } },
            },
            RawOutputContents = { outputs.For(rows) },
        });
    }
}
