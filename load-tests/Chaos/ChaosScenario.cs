namespace Granary.LoadTests.Chaos;

/// <summary>One fault the runner injects into a three-silo cluster under load.</summary>
public enum ChaosScenario
{
    /// <summary>SIGKILL of the silo holding most of the model's replicas; started again under its name later.</summary>
    SigKill,

    /// <summary>SIGSTOP of that silo, SIGCONT after the hold: a hung silo.</summary>
    SigStop,

    /// <summary>SIGTERM of that silo: a graceful drain; started again later.</summary>
    SigTerm,

    /// <summary>Redis stopped (SIGTERM, its append-only file kept) and started again after the hold.</summary>
    RedisRestart,

    /// <summary>SIGKILL of that silo and an immediate start under the same name and ports.</summary>
    RestartSameName,

    /// <summary>The silo's proxies blackholed for the hold: no bytes to or from its Orleans and gRPC ports.</summary>
    Partition,

    /// <summary>A fourth silo joins: are the model's replicas spread, and does any call fail?</summary>
    Join,
}

public static class ChaosScenarioNames
{
    public static string Name(this ChaosScenario scenario) => scenario switch
    {
        ChaosScenario.SigKill => "sigkill",
        ChaosScenario.SigStop => "sigstop",
        ChaosScenario.SigTerm => "sigterm",
        ChaosScenario.RedisRestart => "redis-restart",
        ChaosScenario.RestartSameName => "restart-same-name",
        ChaosScenario.Partition => "partition",
        ChaosScenario.Join => "join",
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };

    public static bool TryParse(string name, out ChaosScenario scenario)
    {
        foreach (var candidate in Enum.GetValues<ChaosScenario>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                scenario = candidate;
                return true;
            }
        }

        scenario = default;
        return false;
    }
}
