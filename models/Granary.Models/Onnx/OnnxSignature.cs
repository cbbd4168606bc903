using Granary.Models.Onnx.Schema;
using DataType = Granary.Models.Onnx.Schema.TensorProto.Types.DataType;

namespace Granary.Models.Onnx;

/// <summary>One input or output of a model as the ONNX file declares it; -1 marks a dynamic dimension.</summary>
public sealed record OnnxTensorSignature(string Name, DataType ElementType, long[] Shape);

/// <summary>The inputs and outputs a model file declares, read from the file itself.</summary>
public sealed record OnnxSignature(IReadOnlyList<OnnxTensorSignature> Inputs, IReadOnlyList<OnnxTensorSignature> Outputs)
{
    public static OnnxSignature Read(string path) => Of(OnnxModelFile.Read(path));

    public static OnnxSignature Of(ModelProto model)
    {
        // Before IR version 4 initializers were also listed as graph inputs; they are not inputs a caller feeds.
        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = model.Graph.Input.Where(v => !initializers.Contains(v.Name)).Select(Describe).ToArray();
        var outputs = model.Graph.Output.Select(Describe).ToArray();
        return new OnnxSignature(inputs, outputs);
    }

    private static OnnxTensorSignature Describe(ValueInfoProto value)
    {
        var tensor = value.Type?.TensorType
            ?? throw new InvalidDataException($"'{value.Name}' is not a tensor; only tensor inputs and outputs are served.");
        var shape = tensor.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1).ToArray()
            ?? [];
        return new OnnxTensorSignature(value.Name, (DataType)tensor.ElemType, shape);
    }
}
