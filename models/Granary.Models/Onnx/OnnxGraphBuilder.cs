using Google.Protobuf;
using Granary.Models.Onnx.Schema;
using DataType = Granary.Models.Onnx.Schema.TensorProto.Types.DataType;

namespace Granary.Models.Onnx;

/// <summary>Assembles an ONNX <see cref="ModelProto"/> node by node, in the public schema's terms.</summary>
public sealed class OnnxGraphBuilder(string graphName)
{
    private const long IrVersion = 8;
    private const long DefaultOpset = 13;

    private readonly GraphProto _graph = new() { Name = graphName };

    /// <summary>Declares a graph input; a negative or null dimension is dynamic and gets a symbolic name.</summary>
    public OnnxGraphBuilder Input(string name, DataType type, params long[] shape)
    {
        _graph.Input.Add(ValueInfo(name, type, shape));
        return this;
    }

    public OnnxGraphBuilder Output(string name, DataType type, params long[] shape)
    {
        _graph.Output.Add(ValueInfo(name, type, shape));
        return this;
    }

    public OnnxGraphBuilder Initializer(string name, float[] values, params long[] shape)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
        tensor.Dims.AddRange(shape);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return this;
    }

    public OnnxGraphBuilder Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType.ToLowerInvariant()}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return this;
    }

    public ModelProto Build(string docString, long opset = DefaultOpset)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "granary",
            ProducerVersion = "1",
            DocString = docString,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        return model;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private static ValueInfoProto ValueInfo(string name, DataType type, long[] shape)
    {
        var tensorShape = new TensorShapeProto();
        for (var i = 0; i < shape.Length; i++)
        {
            tensorShape.Dim.Add(shape[i] >= 0
                ? new TensorShapeProto.Types.Dimension { DimValue = shape[i] }
                : new TensorShapeProto.Types.Dimension { DimParam = i == 0 ? "batch" : $"{name}_d{i}" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
