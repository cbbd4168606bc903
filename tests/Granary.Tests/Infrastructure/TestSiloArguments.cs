namespace Granary.Tests.Infrastructure;

/// <summary>
/// The command line of an in-process test silo: its own ports (the metrics port too), cluster id, repository and state, quiet logs,
/// and (when given) a configured admin key without the first-start bootstrap. Fixtures add what is theirs.
/// </summary>
public static class TestSiloArguments
{
    public static List<string> For(int grpcPort, int httpPort, string repository, string state, string? adminKey) =>
    [
        $"--Granary:Grpc:Port={grpcPort}",
        $"--Granary:Grpc:HttpPort={httpPort}",
        $"--Granary:Telemetry:MetricsPort={FreePorts.Next()}",
        $"--Granary:Orleans:SiloPort={FreePorts.Next()}",
        $"--Granary:Orleans:GatewayPort={FreePorts.Next()}",
        $"--Granary:Orleans:ClusterId=test-{Guid.NewGuid():N}",
        $"--Granary:Repository:Path={repository}",
        $"--Granary:State:Path={state}",
        "--Logging:LogLevel:Default=Warning",
        "--Granary:Health:DrainDelay=00:00:00",
        .. adminKey is null ? (string[])[] : [$"--Granary:Auth:AdminKeys:0={adminKey}", "--Granary:Auth:Bootstrap=false"],
    ];
}
