using System.CommandLine;
using Granary.LoadTests.Baseline;

namespace Granary.LoadTests.Cli;

/// <summary>The hidden subcommand that runs the minimal batching server, started by the benchmark as its own child.</summary>
public static class BaselineServerCommand
{
    public const string Name = "baseline-server";

    public static Command Create()
    {
        var shape = new ShapeOptions();
        var modelFile = new Option<string>("--model-file") { Description = "The ONNX file to serve.", Required = true };
        var command = new Command(Name, "Serve the model with one ONNX Runtime session behind one batching queue: the fixed baseline.") { Hidden = true };
        shape.AddTo(command);
        command.Options.Add(modelFile);
        command.SetAction((result, cancellationToken) =>
            MinimalBatchingServer.RunAsync(shape.Port(result), result.GetValue(modelFile)!, shape.Shape(result), cancellationToken));
        return command;
    }
}
