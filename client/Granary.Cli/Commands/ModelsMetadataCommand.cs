using System.CommandLine;
using Granary.Cli.Output;
using TensorMetadata = Granary.Protocol.Inference.ModelMetadataResponse.Types.TensorMetadata;

namespace Granary.Cli.Commands;

/// <summary><c>granary models metadata NAME</c>: a model's inputs and outputs with their datatypes and shapes.</summary>
internal static class ModelsMetadataCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var version = new Option<string>("--version") { Description = "The model version; the newest when left out.", DefaultValueFactory = _ => "" };
        var command = new Command("metadata", "Show a model's inputs and outputs: datatypes and shapes, -1 for a free dimension.") { name, version };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var metadata = await client.GetModelMetadataAsync(parseResult.GetRequiredValue(name), parseResult.GetValue(version) ?? "", cancellationToken);
            Console.Out.WriteLine($"{metadata.Name}  platform {metadata.Platform}  versions {string.Join(", ", metadata.Versions)}");
            Write("inputs", metadata.Inputs);
            Write("outputs", metadata.Outputs);
            return 0;
        });
        return command;
    }

    private static void Write(string title, IEnumerable<TensorMetadata> tensors)
    {
        Console.Out.WriteLine($"{title}:");
        var table = new TextTable("NAME", "DATATYPE", "SHAPE");
        foreach (var tensor in tensors)
        {
            table.Add(tensor.Name, tensor.Datatype, ShapeText.Format(tensor.Shape));
        }

        table.Write(Console.Out, indent: "  ");
    }
}
