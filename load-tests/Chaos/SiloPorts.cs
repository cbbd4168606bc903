using System.Globalization;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// A silo's loopback ports: where it listens (gRPC, Orleans silo-to-silo, Orleans gateway), and, when a proxy stands
/// in front of it, the proxy's ports, which it advertises so that other silos and clients come through the proxy.
/// </summary>
public sealed record SiloPorts(int Grpc, int Silo, int Gateway, int? ProxyGrpc = null, int? ProxySilo = null, int? ProxyGateway = null)
{
    public int AdvertisedGrpc => ProxyGrpc ?? Grpc;

    public static SiloPorts Take(bool proxied)
    {
        var ports = FreePorts.Take(proxied ? 6 : 3);
        return proxied
            ? new SiloPorts(ports[0], ports[1], ports[2], ports[3], ports[4], ports[5])
            : new SiloPorts(ports[0], ports[1], ports[2]);
    }

    public IEnumerable<string> Arguments()
    {
        yield return $"--Granary:Grpc:Port={Text(Grpc)}";
        yield return $"--Granary:Orleans:SiloPort={Text(ProxySilo ?? Silo)}";
        yield return $"--Granary:Orleans:GatewayPort={Text(ProxyGateway ?? Gateway)}";
        if (ProxySilo is not null)
        {
            yield return $"--Granary:Orleans:SiloListeningPort={Text(Silo)}";
            yield return $"--Granary:Orleans:GatewayListeningPort={Text(Gateway)}";
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
