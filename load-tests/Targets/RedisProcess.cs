using System.Globalization;
using System.Net.Sockets;

namespace Granary.LoadTests.Targets;

/// <summary>A redis-server of this run's own on a free loopback port, without persistence, for a cluster of silo processes.</summary>
public static class RedisProcess
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<(ChildProcess Process, string Endpoint)> StartAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var port = FreePorts.Take(1)[0];
        var text = port.ToString(CultureInfo.InvariantCulture);
        var process = ChildProcess.Start(
            "redis-server", "redis-server", ["--bind", "127.0.0.1", "--port", text, "--save", "", "--appendonly", "no"], workDirectory,
            Path.Combine(workDirectory, "redis.log"));
        try
        {
            var deadline = DateTime.UtcNow + StartupTimeout;
            while (!await AnswersAsync(port, cancellationToken))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"redis-server did not start on port {port}; log {process.LogPath}:{Environment.NewLine}{process.LogTail(10)}");
                }

                await Task.Delay(ProbeInterval, cancellationToken);
            }
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return (process, $"127.0.0.1:{text}");
    }

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
