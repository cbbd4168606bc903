using Granary.LoadTests.Cli;

namespace Granary.LoadTests.Targets;

/// <summary>Starts the minimal batching server (<see cref="BaselineServerCommand"/>) on the model file as a child process.</summary>
public static class BaselineProcess
{
    public static Task<RunningServer> StartAsync(
        ModelShape shape, string modelFile, string model, string workDirectory, CancellationToken cancellationToken) =>
        SelfServerProcess.StartAsync(
            "minimal batching server",
            [BaselineServerCommand.Name, "--model-file", modelFile, .. ShapeOptions.ArgumentsFor(shape)],
            model,
            workDirectory,
            cancellationToken);
}
