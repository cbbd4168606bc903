namespace Granary.LoadTests.Report;

/// <summary>What Granary target was measured: an embedded silo this run started, or a running cluster.</summary>
public sealed record TargetInfo(string Kind, string? Address, string Model, string Version, string? ModelFile)
{
    public const string Embedded = "embedded";
    public const string Remote = "remote";
}
