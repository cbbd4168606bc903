namespace Granary.LoadTests.Limits;

/// <summary>The raw limit: what ONNX Runtime does with the model in-process, at its best and per single run.</summary>
public sealed record RawLimitResult(string ModelFile, RawThroughputPoint Best, IReadOnlyList<RawThroughputPoint> Points, IReadOnlyList<RawSingleRun> SingleRuns)
{
    public double InferencesPerSecond => Best.InferencesPerSecond;

    /// <summary>p50 of one single-thread run of that many rows, in microseconds; null when it was not measured.</summary>
    public double? SingleRunP50Us(int rows) => SingleRuns.FirstOrDefault(run => run.Rows == rows)?.DurationUs.P50;
}
