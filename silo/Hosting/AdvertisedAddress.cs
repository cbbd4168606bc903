using System.Net;
using System.Net.Sockets;

namespace Granary.Silo.Hosting;

/// <summary>The address other silos reach this one on: an IP, a host name resolved at start, or loopback.</summary>
internal static class AdvertisedAddress
{
    public static IPAddress Resolve(string configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(configured, out var address))
        {
            return address;
        }

        return Dns.GetHostAddresses(configured).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new InvalidOperationException($"{SiloEndpointOptions.Section}:AdvertisedAddress '{configured}' has no IPv4 address.");
    }
}
