using System.Globalization;
using System.CommandLine;
using Granary.LoadTests.Targets;
using Granary.Models.Synthesis;

namespace Granary.LoadTests.Cli;

/// <summary>The options the hidden server subcommands share: their port and the shape of the model they serve.</summary>
public sealed class ShapeOptions
{
    private readonly Option<int> _port = new("--port") { Description = "Loopback port to serve h2c on.", Required = true };
    private readonly Option<string> _inputName = new("--input-name") { DefaultValueFactory = _ => MlpSpec.InputName };
    private readonly Option<int> _inputs = new("--inputs") { DefaultValueFactory = _ => MlpSpec.Benchmark.Inputs };
    private readonly Option<string> _outputName = new("--output-name") { DefaultValueFactory = _ => MlpSpec.OutputName };
    private readonly Option<int> _outputs = new("--outputs") { DefaultValueFactory = _ => MlpSpec.Benchmark.Outputs };

    public void AddTo(Command command)
    {
        command.Options.Add(_port);
        command.Options.Add(_inputName);
        command.Options.Add(_inputs);
        command.Options.Add(_outputName);
        command.Options.Add(_outputs);
    }

    public int Port(ParseResult result) => result.GetValue(_port);

    /// <summary>The shape as these options' arguments, for starting a server subcommand.</summary>
    public static string[] ArgumentsFor(ModelShape shape) =>
    [
        "--input-name", shape.InputName,
        "--inputs", shape.Inputs.ToString(CultureInfo.InvariantCulture),
        "--output-name", shape.OutputName,
        "--outputs", shape.Outputs.ToString(CultureInfo.InvariantCulture),
    ];

    public ModelShape Shape(ParseResult result) =>
        new(result.GetValue(_inputName)!, result.GetValue(_inputs), result.GetValue(_outputName)!, result.GetValue(_outputs));
}
