using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Granary.FrontDoor;
using Granary.Inference;
using Granary.Protocol;
using Granary.Protocol.Inference;

namespace Granary.Silo.Grpc;

/// <summary>Translates ModelInfer messages to domain requests and domain responses back, raw or typed as the caller used.</summary>
public static class InferenceMessages
{
    /// <summary>The call for the front door; the body is decoded only when the door asks for it.</summary>
    public static InferenceCall ToCall(ModelInferRequest request, ServerCallContext context) =>
        new(
            request.ModelName,
            request.ModelVersion,
            context.Deadline == DateTime.MaxValue ? null : context.Deadline.ToUniversalTime(),
            _ => ValueTask.FromResult(ToBody(request)),
            GrpcCredentials.Header(context.GetHttpContext().Request.Headers, IdempotencyKeyHeader));

    /// <summary>The header whose value makes a call's retries count once in the usage ledger.</summary>
    public const string IdempotencyKeyHeader = "idempotency-key";

    private static InferenceBody ToBody(ModelInferRequest request)
    {
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            throw Invalid("raw_input_contents", $"raw_input_contents has {raw.Count} entries for {request.Inputs.Count} inputs; send one per input, in order");
        }

        var inputs = new Tensor[request.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = request.Inputs[i];
            if (!Datatype.IsKnown(input.Datatype))
            {
                throw Invalid(input.Name, $"input '{input.Name}' has unknown datatype '{input.Datatype}'");
            }

            var shape = input.Shape.ToArray();
            if (Array.Exists(shape, d => d < 0))
            {
                throw Invalid(input.Name, $"input '{input.Name}' has a negative dimension in shape [{string.Join(", ", shape)}]");
            }

            ReadOnlyMemory<byte> data;
            if (raw.Count > 0)
            {
                if (input.Contents is not null)
                {
                    throw Invalid(input.Name, $"input '{input.Name}' has both contents and raw_input_contents; use one");
                }

                data = raw[i].Memory;
            }
            else
            {
                if (!TensorShape.TryElementCount(shape, out var elements))
                {
                    throw Invalid(input.Name, $"input '{input.Name}' has shape {TensorShape.Describe(shape)}, whose element count does not fit in 64 bits");
                }

                data = TypedContents.ToRaw(input.Name, input.Datatype, input.Contents ?? new InferTensorContents(), elements);
            }

            inputs[i] = new Tensor(input.Name, input.Datatype, shape, data);
        }

        var outputs = request.Outputs.Count == 0 ? (IReadOnlyList<string>)[] : request.Outputs.Select(o => o.Name).ToArray();
        return new InferenceBody(inputs, outputs);
    }

    private static InvalidInferenceRequestException Invalid(string field, string message) => new(message, field);

    public static ModelInferResponse ToWire(ModelInferRequest request, long version, InferenceResponse response)
    {
        var wire = new ModelInferResponse
        {
            ModelName = request.ModelName,
            ModelVersion = version.ToString(CultureInfo.InvariantCulture),
            Id = request.Id,
        };
        var typed = request.RawInputContents.Count == 0 && response.Outputs.All(o => TypedContents.HasTypedField(o.Datatype));
        foreach (var output in response.Outputs)
        {
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = output.Datatype };
            tensor.Shape.Add(output.Shape);
            if (typed)
            {
                tensor.Contents = TypedContents.FromRaw(output.Name, output.Datatype, output.Data.Span);
            }
            else
            {
                wire.RawOutputContents.Add(UnsafeByteOperations.UnsafeWrap(output.Data));
            }

            wire.Outputs.Add(tensor);
        }

        return wire;
    }
}
