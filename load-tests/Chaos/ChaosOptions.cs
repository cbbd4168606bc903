namespace Granary.LoadTests.Chaos;

/// <summary>What one chaos run does: which faults, on what timeline, under what load.</summary>
public sealed record ChaosOptions
{
    /// <summary>Every scenario, in the order a full run takes them; the join comes last, as it leaves a fourth silo.</summary>
    public static readonly IReadOnlyList<ChaosScenario> AllScenarios =
        [ChaosScenario.SigKill, ChaosScenario.SigTerm, ChaosScenario.RedisRestart, ChaosScenario.RestartSameName, ChaosScenario.SigStop, ChaosScenario.Partition, ChaosScenario.Join];

    public IReadOnlyList<ChaosScenario> Scenarios { get; init; } = AllScenarios;

    /// <summary>The model under load, deployed with <see cref="Replicas"/> replicas.</summary>
    public string Model { get; init; } = "mlp-classifier";

    public int Replicas { get; init; } = 2;

    /// <summary>Load before the fault, the steady state to compare with.</summary>
    public TimeSpan Before { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Load from the fault on, recovery included; at least the fault's hold and 5 s more.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How long a silo killed or drained stays down before it is started again under its name.</summary>
    public TimeSpan DownFor { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan StopFor { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan PartitionFor { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan RedisDownFor { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Tenants without a binding quota, each calling with <see cref="CallersPerTenant"/> callers.</summary>
    public int Tenants { get; init; } = 3;

    public int CallersPerTenant { get; init; } = 2;

    /// <summary>The pause between one caller's calls, which bounds the load on a small machine.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The limit of the one tenant driven above its quota, to measure the overshoot during faults.</summary>
    public double QuotaRequestsPerSecond { get; init; } = 10;

    public int QuotaBurst { get; init; } = 10;

    /// <summary>Each call's deadline, retries included, and each attempt's before it fails over.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxRetries { get; init; } = 6;

    /// <summary>Granary.Silo.dll; null for the one built with the load tests.</summary>
    public string? SiloPath { get; init; }

    /// <summary>Keeps the run's folder (silo and Redis logs) after the run.</summary>
    public bool KeepWorkDirectory { get; init; }

    public TimeSpan HoldOf(ChaosScenario scenario) => scenario switch
    {
        ChaosScenario.SigKill or ChaosScenario.SigTerm => DownFor,
        ChaosScenario.SigStop => StopFor,
        ChaosScenario.Partition => PartitionFor,
        ChaosScenario.RedisRestart => RedisDownFor,
        _ => TimeSpan.Zero,
    };

    /// <summary>A message naming what is wrong, or null.</summary>
    public string? Problem()
    {
        if (Scenarios.Count == 0)
        {
            return "give at least one scenario";
        }

        foreach (var scenario in Scenarios)
        {
            if (Duration < HoldOf(scenario) + TimeSpan.FromSeconds(5))
            {
                return $"--duration must be at least 5 s more than the {scenario.Name()} hold of {HoldOf(scenario).TotalSeconds:F0} s";
            }
        }

        return Tenants < 1 || CallersPerTenant < 1 || Replicas < 1 ? "tenants, callers and replicas must be positive" : null;
    }
}
