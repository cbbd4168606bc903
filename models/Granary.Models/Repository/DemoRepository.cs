using Granary.Models.Onnx;
using Granary.Models.Onnx.Schema;
using Granary.Models.Synthesis;

namespace Granary.Models.Repository;

/// <summary>The built-in demo models, written into a repository on first run.</summary>
public static class DemoRepository
{
    public const string MlpClassifier = "mlp-classifier";
    public const string TextEmbedder = "text-embedder";
    public const string Echo = "echo";
    public const string HalfEcho = "echo-fp16";
    public const string VectorDoubler = "vector-doubler";

    /// <summary>Writes every demo model that is not there yet; returns the names written.</summary>
    public static IReadOnlyList<string> EnsureCreated(string root)
    {
        var written = new List<string>();
        foreach (var (name, build, config) in Demos())
        {
            if (Directory.Exists(Path.Combine(root, name)))
            {
                continue;
            }

            WriteModel(root, name, 1, build(), config);
            written.Add(name);
        }

        return written;
    }

    public static void WriteModel(string root, string name, long version, ModelProto model, ModelConfig config)
    {
        OnnxModelFile.Write(model, ModelRepositoryLayout.ModelPath(root, name, version));
        ModelConfigFile.Write(config, ModelRepositoryLayout.ConfigPath(root, name));
    }

    private static IEnumerable<(string Name, Func<ModelProto> Build, ModelConfig Config)> Demos()
    {
        yield return (MlpClassifier, () => ModelSynthesizer.Mlp(MlpSpec.DemoClassifier), Card(
            "Classifies 64 features into 10 classes; a 2×128 ReLU MLP with fixed-seed weights.", maxBatch: 64));
        yield return (TextEmbedder, () => ModelSynthesizer.BagOfIdsEmbedder(), Card(
            "Mean of 128-dimensional embeddings over a bag of token ids (vocabulary 1000).", maxBatch: 64));
        yield return (Echo, () => ModelSynthesizer.Echo(ModelSynthesizer.EchoTypes), Card(
            "Returns every input unchanged; one input per datatype that has a typed field, for protocol tests.", maxBatch: 0));
        yield return (HalfEcho, () => ModelSynthesizer.Echo(ModelSynthesizer.HalfEchoTypes), Card(
            "Returns an FP16 input unchanged; FP16 travels only raw in the protocol.", maxBatch: 0));
        yield return (VectorDoubler, ModelSynthesizer.FixedShapeDoubler, Card(
            "Doubles a vector of 4; it has no batch dimension and runs unbatched.", maxBatch: 0));
    }

    private static ModelConfig Card(string description, int maxBatch) => new()
    {
        Description = description,
        License = "Apache-2.0",
        Owner = "granary",
        Deployment = new DeploymentConfig { MaxBatchSize = maxBatch },
    };
}
