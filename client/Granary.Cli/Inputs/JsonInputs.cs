using Granary.Client;
using TensorMetadata = Granary.Protocol.Inference.ModelMetadataResponse.Types.TensorMetadata;

namespace Granary.Cli.Inputs;

/// <summary>Builds the request's inputs from <c>--input</c> arguments, typed and shaped by the model's metadata.</summary>
internal static class JsonInputs
{
    public static IReadOnlyList<InferInput> From(IReadOnlyList<string> arguments, IReadOnlyList<TensorMetadata> modelInputs)
    {
        var inputs = new List<InferInput>(arguments.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments.Select(InputArgument.Parse))
        {
            if (!seen.Add(argument.Name))
            {
                throw new CommandInputException($"input '{argument.Name}' is given more than once.");
            }

            var spec = modelInputs.FirstOrDefault(i => i.Name == argument.Name)
                ?? throw new CommandInputException($"the model has no input '{argument.Name}'; its inputs are {string.Join(", ", modelInputs.Select(i => $"'{i.Name}'"))}.");
            var tensor = JsonTensor.Parse(argument.Json, argument.Origin);
            var shape = tensor.ShapeGiven ? tensor.Shape : FitToModel(tensor.Shape, [.. spec.Shape]);
            inputs.Add(JsonTensorConverter.ToInferInput(argument.Name, spec.Datatype, shape, tensor.Values));
        }

        return inputs;
    }

    // A tensor written with fewer dimensions than the model takes is read as a single row: leading dimensions of 1
    // are added when the result fits the model's shape, so [0.1, 0.2, ...] serves an input of shape [-1, 64].
    private static long[] FitToModel(long[] shape, long[] modelShape)
    {
        if (shape.Length >= modelShape.Length)
        {
            return shape;
        }

        var padded = new long[modelShape.Length];
        var lead = modelShape.Length - shape.Length;
        Array.Fill(padded, 1L, 0, lead);
        shape.CopyTo(padded, lead);
        for (var i = 0; i < padded.Length; i++)
        {
            if (modelShape[i] >= 0 && modelShape[i] != padded[i])
            {
                return shape;
            }
        }

        return padded;
    }
}
