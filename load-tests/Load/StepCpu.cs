namespace Granary.LoadTests.Load;

/// <summary>CPU time spent during a step's measured phase: by the server's processes (null when this run did not start them) and by this load generator.</summary>
public readonly record struct StepCpu(TimeSpan? Server, TimeSpan Client);
