using System.CommandLine;
using Granary.Cli.Inputs;
using Granary.Cli.Output;
using Granary.Client;

namespace Granary.Cli.Commands;

/// <summary><c>granary infer</c>: one inference, from JSON tensors or random ones shaped by the model's metadata.</summary>
internal static class InferCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var model = new Option<string>("--model", "-m") { Description = "The model to run.", Required = true };
        var version = new Option<string>("--version") { Description = "The model version; the newest ready one when left out.", DefaultValueFactory = _ => "" };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "An input as NAME=@file.json or NAME=<json>: a flat or nested array, or {\"shape\":[...],\"data\":[...]}. Repeat for each input.",
        };
        var random = new Option<bool>("--random") { Description = "Generate random values for every input, shaped by the model's metadata." };
        var rows = new Option<int>("--rows")
        {
            Description = "With --random, the size of each input's first free (-1) dimension; later free dimensions get 8.",
            DefaultValueFactory = _ => 1,
        }.AtLeast(1);
        var typed = new Option<bool>("--typed") { Description = "Send inputs as typed contents instead of raw bytes." };

        var command = new Command("infer", "Run one inference and print every output.") { model, version, inputs, random, rows, typed };
        command.Validators.Add(result =>
        {
            var given = result.GetValue(inputs) is { Length: > 0 };
            if (given == result.GetValue(random))
            {
                result.AddError("Give either --input (once per input) or --random.");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var modelName = parseResult.GetRequiredValue(model);
            var modelVersion = parseResult.GetValue(version) ?? "";
            var metadata = await client.GetModelMetadataAsync(modelName, modelVersion, cancellationToken);
            IReadOnlyList<InferInput> tensors = parseResult.GetValue(random)
                ? RandomInputs.For(metadata.Inputs, parseResult.GetValue(rows), Random.Shared)
                : JsonInputs.From(parseResult.GetValue(inputs) ?? [], metadata.Inputs);
            var options = new InferOptions { Version = modelVersion, UseTypedContents = parseResult.GetValue(typed) };
            var result = await client.InferAsync(modelName, tensors, options, cancellationToken);
            TensorPrinter.Print(Console.Out, result);
            return 0;
        });
        return command;
    }
}
