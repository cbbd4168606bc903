using Granary.LoadTests.Limits;
using Granary.LoadTests.Load;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Report;

/// <summary>Everything one run measured, for machines to read; Baseline, Granary and CrossSilo are the median rounds, Rounds every round by target.</summary>
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
    IReadOnlyList<StepResult> CrossSilo,
    IReadOnlyList<LimitComparison> Comparisons,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<StepResult>>> Rounds,
    IReadOnlyList<string> Problems);
