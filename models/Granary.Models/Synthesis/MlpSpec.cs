namespace Granary.Models.Synthesis;

/// <summary>
/// A multi-layer perceptron: <see cref="Inputs"/> features, <see cref="Layers"/> hidden ReLU layers of
/// <see cref="Hidden"/> units, a softmax over <see cref="Outputs"/> classes. Weights come from <see cref="Seed"/>.
/// </summary>
public sealed record MlpSpec(int Inputs, int Hidden, int Layers, int Outputs, int Seed = 42)
{
    public const string InputName = "input";
    public const string OutputName = "probabilities";

    public static MlpSpec DemoClassifier { get; } = new(Inputs: 64, Hidden: 128, Layers: 2, Outputs: 10);

    /// <summary>The benchmark's model: 256 inputs, 4 hidden layers of 1024, 10 outputs.</summary>
    public static MlpSpec Benchmark { get; } = new(Inputs: 256, Hidden: 1024, Layers: 4, Outputs: 10);

    public void Validate()
    {
        if (Inputs < 1 || Hidden < 1 || Layers < 0 || Outputs < 1)
        {
            throw new ArgumentException($"An MLP needs inputs, hidden and outputs of at least 1 and layers of at least 0 (got {this}).");
        }
    }

    /// <summary>The (rows, columns) of each weight matrix, input side first.</summary>
    public IEnumerable<(int Rows, int Columns)> LayerShapes()
    {
        var width = Inputs;
        for (var layer = 0; layer < Layers; layer++)
        {
            yield return (width, Hidden);
            width = Hidden;
        }

        yield return (width, Outputs);
    }
}
