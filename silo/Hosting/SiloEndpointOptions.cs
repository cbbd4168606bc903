namespace Granary.Silo.Hosting;

/// <summary>The Orleans side of a silo (<c>Granary:Orleans</c>): identity and ports.</summary>
public sealed class SiloEndpointOptions
{
    public const string Section = "Granary:Orleans";

    public string ClusterId { get; set; } = "granary";

    public string ServiceId { get; set; } = "granary";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on; empty means loopback in embedded mode.</summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>The primary silo's silo port for localhost clustering of several local silos; 0 means this one.</summary>
    public int PrimarySiloPort { get; set; }
}
