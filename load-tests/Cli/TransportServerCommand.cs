using System.CommandLine;
using Granary.LoadTests.Targets;
using Granary.LoadTests.Transport;
using Granary.Models.Synthesis;

namespace Granary.LoadTests.Cli;

/// <summary>The hidden subcommand that runs the bare transport server, started by the benchmark as its own child.</summary>
public static class TransportServerCommand
{
    public const string Name = "transport-server";

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Loopback port to serve h2c on.", Required = true };
        var inputName = new Option<string>("--input-name") { DefaultValueFactory = _ => MlpSpec.InputName };
        var inputs = new Option<int>("--inputs") { DefaultValueFactory = _ => MlpSpec.Benchmark.Inputs };
        var outputName = new Option<string>("--output-name") { DefaultValueFactory = _ => MlpSpec.OutputName };
        var outputs = new Option<int>("--outputs") { DefaultValueFactory = _ => MlpSpec.Benchmark.Outputs };
        var command = new Command(Name, "Serve the Open Inference Protocol answering zeros, to measure the gRPC stack alone.")
        {
            Hidden = true,
        };
        command.Options.Add(port);
        command.Options.Add(inputName);
        command.Options.Add(inputs);
        command.Options.Add(outputName);
        command.Options.Add(outputs);
        command.SetAction(async (result, cancellationToken) =>
        {
            var shape = new ModelShape(result.GetValue(inputName)!, result.GetValue(inputs), result.GetValue(outputName)!, result.GetValue(outputs));
            await TransportServer.RunAsync(result.GetValue(port), shape, cancellationToken);
        });
        return command;
    }
}
