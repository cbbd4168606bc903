using Granary.LoadTests.Targets;
using Microsoft.ML.OnnxRuntime;

namespace Granary.LoadTests.Limits;

/// <summary>
/// One caller's input and output tensors for runs of a fixed row count, allocated once so that a timed run is
/// the session's work alone.
/// </summary>
public sealed class OnnxRunBuffers : IDisposable
{
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;

    public OnnxRunBuffers(ModelShape shape, int rows, int seed)
    {
        var random = new Random(seed);
        var input = new float[rows * shape.Inputs];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = random.NextSingle() * 2f - 1f;
        }

        _inputNames = [shape.InputName];
        _outputNames = [shape.OutputName];
        _inputs = [OrtValue.CreateTensorValueFromMemory(input, [rows, shape.Inputs])];
        _outputs = [OrtValue.CreateTensorValueFromMemory(new float[rows * shape.Outputs], [rows, shape.Outputs])];
    }

    public void Run(InferenceSession session) => session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        _inputs[0].Dispose();
        _outputs[0].Dispose();
        _runOptions.Dispose();
    }
}
