using Granary.Inference;
using Granary.Models;

namespace Granary.Routing;

/// <summary>
/// Checks a request against the model version's signature before it reaches a replica, and puts its
/// inputs in the model's order. Every message names the input or output it is about.
/// </summary>
public static class InferenceRequestValidator
{
    public static InferenceRequest Validate(InferenceRequest request, ModelVersionDescriptor version, DeploymentSpec deployment)
    {
        var ordered = new Tensor[version.Inputs.Count];
        foreach (var input in request.Inputs)
        {
            var index = IndexOf(version.Inputs, input.Name);
            if (index < 0)
            {
                throw Invalid(input.Name, $"input '{input.Name}' is not an input of model '{request.Model}' (inputs: {Names(version.Inputs)})");
            }

            if (ordered[index] is not null)
            {
                throw Invalid(input.Name, $"input '{input.Name}' is given more than once");
            }

            CheckTensor(input, version.Inputs[index], request.Model);
            ordered[index] = input;
        }

        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i] is null)
            {
                throw Invalid(version.Inputs[i].Name, $"input '{version.Inputs[i].Name}' is missing; model '{request.Model}' needs {Names(version.Inputs)}");
            }
        }

        if (version.IsBatchable(deployment))
        {
            CheckSameRows(ordered);
        }

        foreach (var output in request.RequestedOutputs)
        {
            if (IndexOf(version.Outputs, output) < 0)
            {
                throw Invalid(output, $"output '{output}' is not an output of model '{request.Model}' (outputs: {Names(version.Outputs)})");
            }
        }

        return request with { Inputs = ordered };
    }

    private static void CheckTensor(Tensor input, TensorSpec spec, string model)
    {
        if (input.Datatype != spec.Datatype)
        {
            throw Invalid(input.Name, $"input '{input.Name}' has datatype {input.Datatype}; model '{model}' expects {spec.Datatype}");
        }

        if (input.Shape.Length != spec.Shape.Length || !ShapeFits(input.Shape, spec.Shape))
        {
            throw Invalid(input.Name, $"input '{input.Name}' has shape [{string.Join(", ", input.Shape)}]; model '{model}' expects [{string.Join(", ", spec.Shape)}] (-1 is any size)");
        }

        if (!TensorShape.TryElementCount(input.Shape, out var elements))
        {
            throw Invalid(input.Name, $"input '{input.Name}' has shape {TensorShape.Describe(input.Shape)}, whose element count does not fit in 64 bits");
        }

        var elementSize = Datatype.ElementSize(input.Datatype);
        if (elementSize == 0)
        {
            var count = BytesTensorLayout.CountElements(input.Data.Span);
            if (count != elements)
            {
                throw Invalid(input.Name, count < 0
                    ? $"input '{input.Name}' holds a BYTES element whose 4-byte length runs past the end of the data"
                    : $"input '{input.Name}' holds {count} BYTES elements; shape [{string.Join(", ", input.Shape)}] needs {elements}");
            }
        }
        else if (input.Data.Length % elementSize != 0 || input.Data.Length / elementSize != elements)
        {
            throw Invalid(input.Name, $"input '{input.Name}' has {input.Data.Length} bytes; shape {TensorShape.Describe(input.Shape)} of {input.Datatype} needs {(elements <= long.MaxValue / elementSize ? (elements * elementSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : "more than 2^63")}");
        }
    }

    private static void CheckSameRows(Tensor[] inputs)
    {
        foreach (var input in inputs)
        {
            if (input.Shape[0] != inputs[0].Shape[0])
            {
                throw Invalid(input.Name, $"input '{input.Name}' has {input.Shape[0]} rows but '{inputs[0].Name}' has {inputs[0].Shape[0]}; the first dimension is the batch and must agree");
            }
        }
    }

    private static bool ShapeFits(long[] shape, long[] spec)
    {
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0 || (spec[i] >= 0 && shape[i] != spec[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static int IndexOf(IReadOnlyList<TensorSpec> specs, string name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (specs[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Names(IReadOnlyList<TensorSpec> specs) => string.Join(", ", specs.Select(s => s.Name));

    private static InvalidInferenceRequestException Invalid(string field, string message) => new(message, field);
}
