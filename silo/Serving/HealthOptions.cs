namespace Granary.Silo.Serving;

/// <summary>How a silo leaves service (<c>Granary:Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Granary:Health";

    /// <summary>
    /// On SIGTERM, how long the silo keeps taking calls while its readiness already says no, so load balancers and
    /// probes see it leave before its ports close. In-flight calls then still finish, within the shutdown timeout.
    /// </summary>
    public TimeSpan DrainDelay { get; set; } = TimeSpan.FromSeconds(2);
}
