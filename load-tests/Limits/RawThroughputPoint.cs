namespace Granary.LoadTests.Limits;

/// <summary>One point of the raw search: rows per run, intra-op threads, callers running the session at once.</summary>
public sealed record RawThroughputPoint(int BatchSize, int IntraOpThreads, int Callers, long Runs, double Seconds, double InferencesPerSecond);
