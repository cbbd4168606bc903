namespace Granary.Silo.Hosting;

public enum ClusteringMode
{
    /// <summary>One machine, no dependencies: localhost membership and in-memory grain state (the embedded default).</summary>
    Localhost,

    /// <summary>Several silos on one machine or many: Redis membership and Redis grain state.</summary>
    Redis,
}
