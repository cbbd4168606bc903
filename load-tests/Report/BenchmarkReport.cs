using Granary.LoadTests.Limits;
using Granary.LoadTests.Load;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Report;

/// <summary>Everything one run measured, for machines to read.</summary>
public sealed record BenchmarkReport(
    DateTimeOffset StartedAt,
    double TotalSeconds,
    MachineInfo Machine,
    BenchmarkOptions Options,
    TargetInfo Target,
    ModelShape Model,
    RawLimitResult? Raw,
    IReadOnlyList<StepResult> Transport,
    IReadOnlyList<StepResult> Granary,
    IReadOnlyList<LimitComparison> Comparisons,
    IReadOnlyList<string> Problems);
