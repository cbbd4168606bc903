using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Granary.Models.Onnx.Schema;
using Granary.Models.Repository;
using Granary.Models.Synthesis;

namespace Granary.Cli.Commands;

/// <summary><c>granary models synth</c>: writes one of the project's synthetic ONNX models into repository layout.</summary>
internal static class ModelsSynthCommand
{
    private const string Mlp = "mlp";
    private const string Embedder = "embedder";
    private const string Echo = "echo";
    private const string HalfEcho = "echo-fp16";
    private const string Doubler = "doubler";

    public static Command Create()
    {
        var kind = new Option<string>("--kind") { Description = "The model to synthesize.", Required = true };
        kind.AcceptOnlyFromAmong(Mlp, Embedder, Echo, HalfEcho, Doubler);
        var inputs = new Option<int>("--input") { Description = "mlp: input features.", DefaultValueFactory = _ => 64 }.AtLeast(1);
        var hidden = new Option<int>("--hidden") { Description = "mlp: units per hidden layer.", DefaultValueFactory = _ => 1024 }.AtLeast(1);
        var layers = new Option<int>("--layers") { Description = "mlp: hidden layers.", DefaultValueFactory = _ => 4 }.AtLeast(0);
        var outputs = new Option<int>("--output") { Description = "mlp: output classes.", DefaultValueFactory = _ => 10 }.AtLeast(1);
        var seed = new Option<int?>("--seed") { Description = "mlp, embedder: the weights' seed (default 42 for mlp, 7 for embedder)." };
        var vocabulary = new Option<int>("--vocabulary") { Description = "embedder: token ids it knows.", DefaultValueFactory = _ => 1000 }.AtLeast(1);
        var dimensions = new Option<int>("--dimensions") { Description = "embedder: embedding width.", DefaultValueFactory = _ => 128 }.AtLeast(1);
        var output = new Option<string>("--out", "-o") { Description = "The model's directory; its last segment is the model name.", Required = true };
        var version = new Option<long>("--version") { Description = "The version directory to write.", DefaultValueFactory = _ => 1 }.AtLeast(1L);
        var maxBatchSize = new Option<int?>("--max-batch-size")
        {
            Description = "Largest batch the server stacks; 0 turns batching off (default 64, and 0 for the echo models and doubler).",
        }.AtLeast(0);
        var device = new Option<string>("--device") { Description = "The device class a replica needs.", DefaultValueFactory = _ => "cpu" }
            .AcceptOnlyFromAmong("cpu", "gpu");
        var memoryMib = new Option<long>("--memory-mib") { Description = "Device memory per replica in MiB; 0 estimates it from the file.", DefaultValueFactory = _ => 0 }.AtLeast(0L);
        var replicas = new Option<int>("--replicas") { Description = "Replicas the cluster keeps.", DefaultValueFactory = _ => 1 }.AtLeast(1);

        var command = new Command("synth", "Write a synthetic ONNX model and its model.json in repository layout: DIR/<version>/model.onnx.")
        {
            kind, inputs, hidden, layers, outputs, seed, vocabulary, dimensions, output, version, maxBatchSize, device, memoryMib, replicas,
        };
        command.SetAction(parseResult =>
        {
            var selected = parseResult.GetRequiredValue(kind);
            var modelSeed = parseResult.GetValue(seed);
            var model = selected switch
            {
                Mlp => ModelSynthesizer.Mlp(new MlpSpec(
                    parseResult.GetValue(inputs), parseResult.GetValue(hidden), parseResult.GetValue(layers), parseResult.GetValue(outputs), modelSeed ?? 42)),
                Embedder => ModelSynthesizer.BagOfIdsEmbedder(parseResult.GetValue(vocabulary), parseResult.GetValue(dimensions), modelSeed ?? 7),
                Echo => ModelSynthesizer.Echo(ModelSynthesizer.EchoTypes),
                HalfEcho => ModelSynthesizer.Echo(ModelSynthesizer.HalfEchoTypes),
                Doubler => ModelSynthesizer.FixedShapeDoubler(),
                _ => throw new UnreachableException($"--kind accepts only the kinds above, got '{selected}'."),
            };

            // The echo models' inputs vary in both dimensions and the doubler has no batch dimension: none can be batched.
            var batch = parseResult.GetValue(maxBatchSize) ?? (selected is Echo or HalfEcho or Doubler ? 0 : 64);
            var config = new ModelConfig
            {
                Description = model.DocString,
                Deployment = new DeploymentConfig
                {
                    MaxBatchSize = batch,
                    Device = parseResult.GetRequiredValue(device),
                    MemoryMib = parseResult.GetValue(memoryMib),
                    Replicas = parseResult.GetValue(replicas),
                },
            };
            Write(parseResult.GetRequiredValue(output), parseResult.GetValue(version), model, config);
            return 0;
        });
        return command;
    }

    private static void Write(string directory, long version, ModelProto model, ModelConfig config)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var root = Path.GetDirectoryName(full);
        var name = Path.GetFileName(full);
        if (root is null || !ModelRepositoryLayout.IsValidName(name))
        {
            throw new CommandInputException($"--out {directory}: the last segment is the model name and must be letters, digits, '-', '_' or '.', not starting with '.'.");
        }

        try
        {
            DemoRepository.WriteModel(root, name, version, model, config);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandInputException($"cannot write {full}: {e.Message}", e);
        }

        var modelPath = ModelRepositoryLayout.ModelPath(root, name, version);
        Console.Out.WriteLine($"wrote {modelPath} ({Size(new FileInfo(modelPath).Length)})");
        Console.Out.WriteLine($"wrote {ModelRepositoryLayout.ConfigPath(root, name)}");
    }

    private static string Size(long bytes) =>
        bytes < 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB, {bytes:N0} bytes");
}
