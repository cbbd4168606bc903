namespace Granary.Silo.Hosting;

/// <summary>The Orleans side of a silo (<c>Granary:Orleans</c>): identity and ports.</summary>
public sealed class SiloEndpointOptions
{
    public const string Section = "Granary:Orleans";

    public string ClusterId { get; set; } = "granary";

    public string ServiceId { get; set; } = "granary";

    /// <summary>This silo's name in the membership and the cluster API; empty means a generated one.</summary>
    public string SiloName { get; set; } = "";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The port the silo listens on for other silos when something in front of it (a proxy, a NAT) forwards
    /// <see cref="SiloPort"/>, which it advertises, to it; 0 listens on <see cref="SiloPort"/>.
    /// </summary>
    public int SiloListeningPort { get; set; }

    /// <summary>The same for clients of the gateway: the port listened on behind <see cref="GatewayPort"/>; 0 for that one.</summary>
    public int GatewayListeningPort { get; set; }

    /// <summary>The address other silos reach this one on in Redis mode: an IP or a host name; empty means 127.0.0.1.</summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>The primary silo's silo port for localhost clustering of several local silos; 0 means this one.</summary>
    public int PrimarySiloPort { get; set; }
}
