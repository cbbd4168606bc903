using Granary.LoadTests.Load;

namespace Granary.LoadTests.Limits;

/// <summary>How long one run of <see cref="Rows"/> rows takes on one intra-op thread, in microseconds.</summary>
public sealed record RawSingleRun(int Rows, LatencySummary DurationUs);
