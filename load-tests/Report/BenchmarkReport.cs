using Granary.LoadTests.Limits;
using Granary.LoadTests.Load;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Report;

/// <summary>Everything one run measured, for machines to read; Baseline and Granary are the median rounds.</summary>
public sealed record BenchmarkReport(
    DateTimeOffset StartedAt,
    double TotalSeconds,
    MachineInfo Machine,
    BenchmarkOptions Options,
    TargetInfo Target,
    ModelShape Model,
    RawLimitResult? Raw,
    IReadOnlyList<StepResult> Transport,
    IReadOnlyList<StepResult> Baseline,
    IReadOnlyList<StepResult> Granary,
    IReadOnlyList<LimitComparison> Comparisons,
    IReadOnlyList<IReadOnlyList<StepResult>> BaselineRounds,
    IReadOnlyList<IReadOnlyList<StepResult>> GranaryRounds,
    IReadOnlyList<string> Problems);
