using System.Net;
using System.Net.Sockets;

namespace Granary.Tests.Infrastructure;

/// <summary>
/// Loopback ports for silos started by tests, each handed out once per test run. They come from below the
/// kernel's ephemeral range (32768 and up on Linux), so no outgoing connection — to Redis, between silos —
/// can take one in the gap between handing it out and the silo binding it. A port something else already
/// listens on is skipped.
/// </summary>
public static class FreePorts
{
    private const int First = 20000;
    private const int Count = 12000;

    private static int _offset = Random.Shared.Next(Count);

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (Interlocked.Increment(ref _offset) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"no free loopback port between {First} and {First + Count}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
