namespace Granary.LoadTests.Server;

/// <summary>How many executions ran at one batch size (rows), and their share of all executions in the step.</summary>
public sealed record BatchShare(long BatchSize, long Executions, double Share);
