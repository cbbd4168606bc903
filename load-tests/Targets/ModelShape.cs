using Grpc.Core;
using Granary.Models.Synthesis;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Targets;

/// <summary>The one FP32 input [-1, Inputs] and one FP32 output [-1, Outputs] that the benchmark drives.</summary>
public sealed record ModelShape(string InputName, int Inputs, string OutputName, int Outputs)
{
    public const string Fp32 = "FP32";

    public static ModelShape Of(MlpSpec spec) => new(MlpSpec.InputName, spec.Inputs, MlpSpec.OutputName, spec.Outputs);

    /// <summary>Reads the shape a server reports, refusing any model the benchmark cannot drive.</summary>
    public static async Task<ModelShape> FetchAsync(
        GRPCInferenceService.GRPCInferenceServiceClient client, Metadata? headers, string model, string version, CancellationToken cancellationToken)
    {
        var metadata = await client.ModelMetadataAsync(
            new ModelMetadataRequest { Name = model, Version = version }, headers, cancellationToken: cancellationToken);
        if (metadata.Inputs.Count != 1 || metadata.Outputs.Count < 1)
        {
            throw new InvalidOperationException(
                $"Model '{model}' has {metadata.Inputs.Count} inputs and {metadata.Outputs.Count} outputs; the benchmark needs one FP32 [-1, N] input.");
        }

        var input = metadata.Inputs[0];
        var output = metadata.Outputs[0];
        return new ModelShape(input.Name, RowWidth(model, input), output.Name, RowWidth(model, output));
    }

    public int InputBytes(int rows) => rows * Inputs * sizeof(float);

    public int OutputBytes(int rows) => rows * Outputs * sizeof(float);

    private static int RowWidth(string model, ModelMetadataResponse.Types.TensorMetadata tensor)
    {
        if (tensor.Datatype != Fp32 || tensor.Shape.Count != 2 || tensor.Shape[1] < 1)
        {
            throw new InvalidOperationException(
                $"Tensor '{tensor.Name}' of model '{model}' is {tensor.Datatype} [{string.Join(", ", tensor.Shape)}]; the benchmark needs FP32 [-1, N].");
        }

        return checked((int)tensor.Shape[1]);
    }
}
