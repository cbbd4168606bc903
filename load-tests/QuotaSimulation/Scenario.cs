using Granary.Tenants;

namespace Granary.QuotaSimulation;

/// <summary>
/// One run: a tenant's limits before and after a change at <see cref="ChangeAt"/>, calls offered through
/// <see cref="Silos"/> silos, and whether slices adapt (today's design) or are a fixed 100 ms of the rate (before).
/// </summary>
public sealed record Scenario(
    int Silos,
    Spread Spread,
    bool FixedSlices,
    QuotaLimits Before,
    QuotaLimits After,
    Load Load,
    TimeSpan Duration,
    TimeSpan ChangeAt,
    TimeSpan GrainRoundTrip,
    int Seed);
