using Granary.LoadTests.Cli;

namespace Granary.LoadTests.Targets;

/// <summary>Starts the bare transport server (<see cref="TransportServerCommand"/>) as a child process.</summary>
public static class TransportProcess
{
    public static Task<RunningServer> StartAsync(ModelShape shape, string model, string workDirectory, CancellationToken cancellationToken) =>
        SelfServerProcess.StartAsync(
            "transport server", [TransportServerCommand.Name, .. ShapeOptions.ArgumentsFor(shape)], model, workDirectory, cancellationToken);
}
