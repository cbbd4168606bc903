using System.Net;
using System.Net.Sockets;

namespace Granary.LoadTests.Targets;

public static class FreePorts
{
    /// <summary>Distinct loopback ports free right now; all are held open together so none is handed out twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = new TcpListener[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                listeners[i] = new TcpListener(IPAddress.Loopback, 0);
                listeners[i].Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener?.Stop();
            }
        }
    }
}
