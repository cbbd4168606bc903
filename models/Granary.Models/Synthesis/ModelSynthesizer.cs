using Granary.Models.Onnx;
using Granary.Models.Onnx.Schema;
using DataType = Granary.Models.Onnx.Schema.TensorProto.Types.DataType;

namespace Granary.Models.Synthesis;

/// <summary>Writes the project's own ONNX models from the public schema: nothing is ever downloaded.</summary>
public static class ModelSynthesizer
{
    public const string EmbedderInput = "ids";
    public const string EmbedderOutput = "embedding";
    public const string DoublerInput = "x";
    public const string DoublerOutput = "y";

    /// <summary>
    /// The datatypes the echo model carries, with the input/output suffix of each: every datatype the protocol
    /// can also send typed. FP16, which travels raw only, has its own echo model so typed calls stay possible.
    /// </summary>
    public static IReadOnlyList<(string Suffix, DataType Type)> EchoTypes { get; } =
    [
        ("bool", DataType.Bool), ("uint8", DataType.Uint8), ("int8", DataType.Int8), ("int16", DataType.Int16),
        ("int32", DataType.Int32), ("int64", DataType.Int64), ("fp32", DataType.Float), ("fp64", DataType.Double),
        ("bytes", DataType.String),
    ];

    public static IReadOnlyList<(string Suffix, DataType Type)> HalfEchoTypes { get; } = [("fp16", DataType.Float16)];

    /// <summary>Input <c>input</c> FP32 [-1, inputs] → output <c>probabilities</c> FP32 [-1, outputs].</summary>
    public static ModelProto Mlp(MlpSpec spec)
    {
        spec.Validate();
        var random = new Random(spec.Seed);
        var graph = new OnnxGraphBuilder("mlp")
            .Input(MlpSpec.InputName, DataType.Float, -1, spec.Inputs)
            .Output(MlpSpec.OutputName, DataType.Float, -1, spec.Outputs);
        var current = MlpSpec.InputName;
        var layer = 0;
        foreach (var (rows, columns) in spec.LayerShapes())
        {
            var isLast = layer == spec.Layers;
            var scale = MathF.Sqrt(6f / (rows + columns));
            graph.Initializer($"w{layer}", Uniform(random, rows * columns, scale), rows, columns)
                 .Initializer($"b{layer}", Uniform(random, columns, 0.1f), columns);
            var linear = isLast ? "logits" : $"linear{layer}";
            graph.Node("Gemm", [current, $"w{layer}", $"b{layer}"], [linear]);
            if (!isLast)
            {
                current = $"hidden{layer}";
                graph.Node("Relu", [linear], [current]);
            }

            layer++;
        }

        graph.Node("Softmax", ["logits"], [MlpSpec.OutputName], OnnxGraphBuilder.IntAttribute("axis", -1));
        return graph.Build($"MLP classifier {spec.Inputs}->{spec.Layers}x{spec.Hidden}->{spec.Outputs}, seed {spec.Seed}");
    }

    /// <summary>Input <c>ids</c> INT64 [-1, -1] → mean of their embeddings, <c>embedding</c> FP32 [-1, dimensions].</summary>
    public static ModelProto BagOfIdsEmbedder(int vocabulary = 1000, int dimensions = 128, int seed = 7)
    {
        var random = new Random(seed);
        return new OnnxGraphBuilder("bag_of_ids")
            .Input(EmbedderInput, DataType.Int64, -1, -1)
            .Output(EmbedderOutput, DataType.Float, -1, dimensions)
            .Initializer("table", Uniform(random, vocabulary * dimensions, 1f), vocabulary, dimensions)
            .Node("Gather", ["table", EmbedderInput], ["vectors"], OnnxGraphBuilder.IntAttribute("axis", 0))
            .Node("ReduceMean", ["vectors"], [EmbedderOutput], OnnxGraphBuilder.IntsAttribute("axes", 1), OnnxGraphBuilder.IntAttribute("keepdims", 0))
            .Build($"Bag-of-ids embedder, vocabulary {vocabulary}, {dimensions} dimensions, seed {seed}");
    }

    /// <summary>One identity per datatype: <c>in_&lt;type&gt;</c> [-1, -1] → <c>out_&lt;type&gt;</c> [-1, -1].</summary>
    public static ModelProto Echo(IReadOnlyList<(string Suffix, DataType Type)> types)
    {
        var graph = new OnnxGraphBuilder("echo");
        foreach (var (suffix, type) in types)
        {
            graph.Input($"in_{suffix}", type, -1, -1)
                 .Output($"out_{suffix}", type, -1, -1)
                 .Node("Identity", [$"in_{suffix}"], [$"out_{suffix}"]);
        }

        return graph.Build("Echo: every input returned unchanged, one per datatype");
    }

    /// <summary>A model with no batch dimension: <c>x</c> FP32 [4] → <c>y</c> = 2x.</summary>
    public static ModelProto FixedShapeDoubler() =>
        new OnnxGraphBuilder("doubler")
            .Input(DoublerInput, DataType.Float, 4)
            .Output(DoublerOutput, DataType.Float, 4)
            .Initializer("two", [2f])
            .Node("Mul", [DoublerInput, "two"], [DoublerOutput])
            .Build("Doubles a fixed-shape vector of 4; it has no batch dimension");

    private static float[] Uniform(Random random, int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((float)random.NextDouble() * 2f - 1f) * scale;
        }

        return values;
    }
}
