using System.CommandLine;
using Granary.LoadTests.Transport;

namespace Granary.LoadTests.Cli;

/// <summary>The hidden subcommand that runs the bare transport server, started by the benchmark as its own child.</summary>
public static class TransportServerCommand
{
    public const string Name = "transport-server";

    public static Command Create()
    {
        var shape = new ShapeOptions();
        var command = new Command(Name, "Serve the Open Inference Protocol answering zeros, to measure the gRPC stack alone.") { Hidden = true };
        shape.AddTo(command);
        command.SetAction((result, cancellationToken) => TransportServer.RunAsync(shape.Port(result), shape.Shape(result), cancellationToken));
        return command;
    }
}
