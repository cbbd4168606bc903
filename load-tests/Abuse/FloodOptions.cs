namespace Granary.LoadTests.Abuse;

/// <summary>The <c>flood</c> subcommand's settings.</summary>
public sealed record FloodOptions
{
    /// <summary>Random keys for the memory and CPU figures.</summary>
    public int Keys { get; init; } = 40_000;

    /// <summary>Bad-key calls per second while the tenant's latency is measured.</summary>
    public int Rate { get; init; } = 2_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);

    public int TenantConcurrency { get; init; } = 1;

    /// <summary>The silo's <c>Granary:Auth:FailedPerSecondPerAddress</c>; 0 turns the throttles off (the silo-wide <c>KeyLookupsPerSecond</c> too).</summary>
    public double FailedPerSecond { get; init; } = 20;

    /// <summary>True: keys whose checksum holds, which reach the key lookup; false: refused before it.</summary>
    public bool ValidChecksum { get; init; } = true;

    public string? SiloPath { get; init; }
}
