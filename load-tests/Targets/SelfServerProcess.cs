using System.Globalization;

namespace Granary.LoadTests.Targets;

/// <summary>
/// Starts one of this same executable's hidden server subcommands as a child process on a free loopback port, so it
/// competes for the cores as the silo does instead of sharing the benchmark's own process.
/// </summary>
public static class SelfServerProcess
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    /// <param name="name">What the server is called in logs and errors.</param>
    /// <param name="subcommand">The hidden subcommand and its arguments, without <c>--port</c>.</param>
    public static async Task<RunningServer> StartAsync(
        string name, IReadOnlyList<string> subcommand, string model, string workDirectory, CancellationToken cancellationToken)
    {
        var port = FreePorts.Take(1)[0];
        var (fileName, prefix) = SelfCommand();
        string[] arguments = [.. prefix, .. subcommand, "--port", port.ToString(CultureInfo.InvariantCulture)];
        var process = ChildProcess.Start(
            name, fileName, arguments, AppContext.BaseDirectory, Path.Combine(workDirectory, name.Replace(' ', '-') + ".log"));
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
            ? (processPath, [typeof(SelfServerProcess).Assembly.Location])
            : (processPath, []);
    }
}
