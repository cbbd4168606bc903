namespace Granary.Client.Failover;

/// <summary>How long a server that gave no answer is left out of a client's choice: the first time, and at most.</summary>
internal sealed record EjectionPolicy(TimeSpan BaseTime, TimeSpan MaxTime);
