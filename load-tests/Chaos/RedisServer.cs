using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// A redis-server of the run's own on a free loopback port, with its append-only file in the run's folder, so a
/// restart (SIGTERM, then a start on the same port) keeps the membership table and grain state as a real one would.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(20);

    private readonly string _directory;
    private ChildProcess? _process;
    private int _starts;

    private RedisServer(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(workDirectory, "redis");
        Directory.CreateDirectory(directory);
        var server = new RedisServer(FreePorts.Take(1)[0], directory);
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    /// <summary>Stops the server as an operator's restart does: SIGTERM, which writes the append-only file out.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.DisposeAsync();
            _process = null;
        }
    }

    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        _starts++;
        string[] arguments =
        [
            "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--dir", _directory,
            "--appendonly", "yes", "--save", "", "--protected-mode", "yes",
        ];
        _process = ChildProcess.Start("redis-server", "redis-server", arguments, _directory, Path.Combine(_directory, $"redis-{_starts}.log"));
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(StartBound);
        while (!await AnswersPingAsync(bound.Token))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start: {_process.LogTail(20)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), bound.Token);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task<bool> AnswersPingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var reply = new byte[7];
            var read = await stream.ReadAsync(reply, cancellationToken);
            return Encoding.ASCII.GetString(reply, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
