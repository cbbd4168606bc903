using Orleans.Configuration;

namespace Granary.Silo.Hosting;

/// <summary>
/// Failure detection tuned for serving on a data-centre network (sub-millisecond round trips). Each silo probes the
/// others every 1-2 s (Orleans adapts the probe timeout to the round trips it sees, within <see cref="ProbeTimeout"/>
/// and <see cref="MaxProbeTimeout"/>; not below 1 s, so a busy moment is not a missed probe); after one missed probe the next goes through
/// another silo (an indirect probe), and after <see cref="MissedProbesLimit"/> missed probes the silo votes; two votes
/// declare the silo dead. A silo whose connection brought a message within the last
/// <see cref="DemonstrablyAliveWindow"/> is not voted dead ("demonstrably alive"): Orleans' default of
/// MaxProbeTimeout × missed probes was 16 s with our old 2 s probes, which is what kept a hung (SIGSTOPped) silo in the
/// cluster for 16 s. Probes and votes are still cheap: one message per silo pair per period.
/// </summary>
internal static class MembershipTimings
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromSeconds(2);

    public const int MissedProbesLimit = 2;

    /// <summary>MaxProbeTimeout × MissedProbesLimit: no vote against a silo that answered anything within it.</summary>
    public static TimeSpan DemonstrablyAliveWindow => MaxProbeTimeout * MissedProbesLimit;

    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.MinProbeTimeout = ProbeTimeout;
        options.MaxProbeTimeout = MaxProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.EnableIndirectProbes = true;
        options.NumVotesForDeathDeclaration = 2;
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        options.DefunctSiloExpiration = TimeSpan.FromHours(1);
        options.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
    }
}
