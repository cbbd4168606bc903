using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// A TCP proxy on a loopback port in front of one of a silo's ports. Blackholed, it passes nothing in either
/// direction and answers nothing, as a network that drops a host's packets: connections stay open and stall, and new
/// ones are accepted and then hear nothing. Healed, it closes the connections that stalled (their streams lost bytes)
/// and forwards new ones again. No root, no iptables: the silo advertises the proxy's port instead of its own.
/// Connections from a process in <see cref="PartitionedProcesses"/> stall too, whichever silo they go to.
/// </summary>
public sealed class BlackholeProxy : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly TcpListener _listener;
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Link, byte> _links = new();
    private readonly Task _accepting;
    private volatile bool _blackholed;

    private readonly PartitionedProcesses _partitioned;

    public BlackholeProxy(int port, int target, PartitionedProcesses partitioned)
    {
        _target = target;
        _partitioned = partitioned;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public void Blackhole()
    {
        _blackholed = true;
        foreach (var link in _links.Keys)
        {
            link.Stalled = true;
        }
    }

    /// <summary>Stalls the connections that come from a process cut off since they were opened.</summary>
    public void StallPartitioned()
    {
        foreach (var link in _links.Keys.Where(l => _partitioned.IsFromCut(l.Client)))
        {
            link.Stalled = true;
        }
    }

    public void Heal()
    {
        _blackholed = false;
        foreach (var link in _links.Keys.Where(l => l.Stalled))
        {
            link.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var link in _links.Keys)
        {
            link.Close();
        }

        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var link = new Link(client) { Stalled = _blackholed || _partitioned.IsFromCut(client) };
        _links.TryAdd(link, 0);
        try
        {
            if (!link.Stalled)
            {
                await link.Server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            }

            await Task.WhenAll(PumpAsync(link, link.Client, link.Server), PumpAsync(link, link.Server, link.Client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            link.Close();
            _links.TryRemove(link, out _);
        }
    }

    /// <summary>Copies one direction until either side closes; a stalled link reads and drops, as a lossy network.</summary>
    private async Task PumpAsync(Link link, Socket from, Socket to)
    {
        var buffer = new byte[BufferSize];
        while (true)
        {
            if (link.Stalled && !from.Connected)
            {
                // A link accepted while blackholed has no server side to read: hold until it is closed.
                await Task.Delay(Timeout.Infinite, link.Closed);
            }

            var read = await from.ReceiveAsync(buffer, SocketFlags.None, link.Closed);
            if (read == 0)
            {
                link.Close();
                return;
            }

            if (!link.Stalled)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, link.Closed);
            }
        }
    }

    /// <summary>One client connection and the connection to the silo it is forwarded over.</summary>
    private sealed class Link(Socket client)
    {
        private readonly CancellationTokenSource _closed = new();
        private volatile bool _stalled;

        public Socket Client { get; } = client;

        public Socket Server { get; } = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        public bool Stalled
        {
            get => _stalled;
            set => _stalled = value;
        }

        public CancellationToken Closed => _closed.Token;

        public void Close()
        {
            try
            {
                _closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

            Client.Dispose();
            Server.Dispose();
        }
    }
}
