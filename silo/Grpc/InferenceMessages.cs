using System.Globalization;
using Google.Protobuf;
using Granary.Inference;
using Granary.Protocol.Inference;

namespace Granary.Silo.Grpc;

/// <summary>Translates ModelInfer messages to domain requests and domain responses back, raw or typed as the caller used.</summary>
public static class InferenceMessages
{
    public static InferenceRequest ToDomain(ModelInferRequest request, long version, DateTime deadline)
    {
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            throw GrpcErrors.InvalidArgument("raw_input_contents", $"raw_input_contents has {raw.Count} entries for {request.Inputs.Count} inputs; send one per input, in order");
        }

        var inputs = new Tensor[request.Inputs.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = request.Inputs[i];
            if (!Datatype.IsKnown(input.Datatype))
            {
                throw GrpcErrors.InvalidArgument(input.Name, $"input '{input.Name}' has unknown datatype '{input.Datatype}'");
            }

            var shape = input.Shape.ToArray();
            if (Array.Exists(shape, d => d < 0))
            {
                throw GrpcErrors.InvalidArgument(input.Name, $"input '{input.Name}' has a negative dimension in shape [{string.Join(", ", shape)}]");
            }

            ReadOnlyMemory<byte> data;
            if (raw.Count > 0)
            {
                if (input.Contents is not null)
                {
                    throw GrpcErrors.InvalidArgument(input.Name, $"input '{input.Name}' has both contents and raw_input_contents; use one");
                }

                data = raw[i].Memory;
            }
            else
            {
                data = TypedContents.ToRaw(input.Name, input.Datatype, input.Contents ?? new InferTensorContents(), Routing.InferenceRequestValidator.ElementCount(shape));
            }

            inputs[i] = new Tensor(input.Name, input.Datatype, shape, data);
        }

        var outputs = request.Outputs.Count == 0 ? (IReadOnlyList<string>)[] : request.Outputs.Select(o => o.Name).ToArray();
        return new InferenceRequest(request.ModelName, version, inputs, outputs, deadline == DateTime.MaxValue ? null : deadline.ToUniversalTime());
    }

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
                tensor.Contents = new InferTensorContents();
                TypedContents.TryFromRaw(output.Datatype, output.Data.Span, tensor.Contents);
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
