using System.Globalization;
using Granary.LoadTests.Cli;

namespace Granary.LoadTests.Targets;

/// <summary>
/// Starts this same executable's bare gRPC server as a child process, so it competes for the cores as the silo
/// does instead of sharing the benchmark's own process.
/// </summary>
public static class TransportProcess
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    public static async Task<RunningServer> StartAsync(ModelShape shape, string model, string workDirectory, CancellationToken cancellationToken)
    {
        var port = FreePorts.Take(1)[0];
        var (fileName, prefix) = SelfCommand();
        string[] arguments =
        [
            .. prefix,
            TransportServerCommand.Name,
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--input-name", shape.InputName,
            "--inputs", shape.Inputs.ToString(CultureInfo.InvariantCulture),
            "--output-name", shape.OutputName,
            "--outputs", shape.Outputs.ToString(CultureInfo.InvariantCulture),
        ];
        var process = ChildProcess.Start(
            "transport server", fileName, arguments, AppContext.BaseDirectory, Path.Combine(workDirectory, "transport.log"));
        var address = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await ServerReadiness.WaitAsync(process, address, model, "", apiKey: null, StartupTimeout, cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new RunningServer(process, address);
    }

    /// <summary>How to run this program again: its app host, or the dotnet host with this assembly.</summary>
    private static (string FileName, string[] Prefix) SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet"
            ? (processPath, [typeof(TransportProcess).Assembly.Location])
            : (processPath, []);
    }
}
