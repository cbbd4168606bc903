using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Granary.LoadTests.Targets;
using Granary.LoadTests.Transport;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Baseline;

/// <summary>ModelInfer for the minimal batching server: the raw FP32 input rows go into the batcher's queue.</summary>
public sealed class BaselineInferenceService(RowBatcher batcher) : ShapeOnlyInferenceService(batcher.Shape, "minimal-batching")
{
    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        var rows = RowsOf(request);
        if (request.RawInputContents.Count != 1 || rows is < 1 or > RowBatcher.MaxBatchRows
            || request.RawInputContents[0].Length != Shape.InputBytes((int)rows))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"expected one raw FP32 input of [1..{RowBatcher.MaxBatchRows}, {Shape.Inputs}]"));
        }

        var input = MemoryMarshal.Cast<byte, float>(request.RawInputContents[0].Span).ToArray();
        var output = await batcher.InferAsync(input, (int)rows);
        return new ModelInferResponse
        {
            ModelName = request.ModelName,
            ModelVersion = request.ModelVersion,
            Id = request.Id,
            Outputs =
            {
                new ModelInferResponse.Types.InferOutputTensor { Name = Shape.OutputName, Datatype = ModelShape.Fp32, Shape = { rows, Shape.Outputs } },
            },
            RawOutputContents = { UnsafeByteOperations.UnsafeWrap(MemoryMarshal.AsBytes(output.AsSpan()).ToArray()) },
        };
    }
}
