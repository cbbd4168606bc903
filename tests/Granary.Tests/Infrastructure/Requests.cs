using System.Runtime.InteropServices;
using Google.Protobuf;
using Granary.Protocol.Inference;

namespace Granary.Tests.Infrastructure;

/// <summary>Builds Open Inference Protocol messages the way any KServe v2 client would.</summary>
public static class Requests
{
    public static ModelInferRequest RawFp32(string model, string input, float[] values, params long[] shape)
    {
        var request = new ModelInferRequest { ModelName = model };
        request.Inputs.Add(Input(input, "FP32", shape));
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())));
        return request;
    }

    public static ModelInferRequest TypedFp32(string model, string input, float[] values, params long[] shape)
    {
        var request = new ModelInferRequest { ModelName = model };
        var tensor = Input(input, "FP32", shape);
        tensor.Contents = new InferTensorContents();
        tensor.Contents.Fp32Contents.Add(values);
        request.Inputs.Add(tensor);
        return request;
    }

    public static ModelInferRequest.Types.InferInputTensor Input(string name, string datatype, params long[] shape)
    {
        var tensor = new ModelInferRequest.Types.InferInputTensor { Name = name, Datatype = datatype };
        tensor.Shape.Add(shape);
        return tensor;
    }

    public static float[] RawOutputFp32(ModelInferResponse response, int index = 0) =>
        MemoryMarshal.Cast<byte, float>(response.RawOutputContents[index].Span).ToArray();

    public static float[] RandomRows(Random random, int rows, int columns)
    {
        var values = new float[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
