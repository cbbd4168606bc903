using System.Runtime.InteropServices;
using Granary.Models.Onnx;

namespace Granary.Tests.Infrastructure;

/// <summary>
/// The MLP computed with plain loops from the weights stored in the model file: an independent check
/// of what ONNX Runtime answers through the whole serving path.
/// </summary>
public sealed class ReferenceMlp
{
    private readonly List<(float[] Weights, float[] Bias, int Rows, int Columns)> _layers = [];

    public ReferenceMlp(string modelPath)
    {
        var graph = OnnxModelFile.Read(modelPath).Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        for (var layer = 0; initializers.ContainsKey($"w{layer}"); layer++)
        {
            var weights = initializers[$"w{layer}"];
            _layers.Add((
                MemoryMarshal.Cast<byte, float>(weights.RawData.Span).ToArray(),
                MemoryMarshal.Cast<byte, float>(initializers[$"b{layer}"].RawData.Span).ToArray(),
                (int)weights.Dims[0],
                (int)weights.Dims[1]));
        }
    }

    public int Inputs => _layers[0].Rows;

    public int Outputs => _layers[^1].Columns;

    public float[] Probabilities(float[] input, int rows)
    {
        var current = input;
        for (var l = 0; l < _layers.Count; l++)
        {
            var (weights, bias, inner, columns) = _layers[l];
            var next = new float[rows * columns];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    double sum = bias[c];
                    for (var k = 0; k < inner; k++)
                    {
                        sum += (double)current[r * inner + k] * weights[k * columns + c];
                    }

                    next[r * columns + c] = l < _layers.Count - 1 ? (float)Math.Max(0, sum) : (float)sum;
                }
            }

            current = next;
        }

        return Softmax(current, rows, Outputs);
    }

    private static float[] Softmax(float[] logits, int rows, int columns)
    {
        var result = new float[logits.Length];
        for (var r = 0; r < rows; r++)
        {
            var row = logits.AsSpan(r * columns, columns);
            var max = row.ToArray().Max();
            double total = 0;
            for (var c = 0; c < columns; c++)
            {
                total += Math.Exp(row[c] - max);
            }

            for (var c = 0; c < columns; c++)
            {
                result[r * columns + c] = (float)(Math.Exp(row[c] - max) / total);
            }
        }

        return result;
    }
}
