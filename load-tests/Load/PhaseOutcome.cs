namespace Granary.LoadTests.Load;

/// <summary>A finished phase: what it recorded and how long it took, from the first send to the last answer.</summary>
public sealed record PhaseOutcome(PhaseRecorder Recorder, TimeSpan Elapsed);
