namespace Granary.LoadTests.Targets;

/// <summary>A target swept in rounds: its name in the report, where its calls go, and whether its steps run open loop.</summary>
public sealed record SweepTarget(string Name, SweepEndpoint Endpoint, bool OpenLoop, string Protocol)
{
    public const string Baseline = "baseline";
    public const string Granary = "granary";
    public const string CrossSilo = "cross-silo";
}
