using System.Globalization;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// One silo process of the chaos cluster, in Redis cluster mode on its own loopback ports, which a restart under the
/// same name reuses. The runner kills, freezes, thaws and drains it with POSIX signals.
/// </summary>
public sealed class ClusterSilo : IAsyncDisposable
{
    private static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(120);

    private readonly ChildProcess _process;
    private bool _frozen;

    private ClusterSilo(string name, SiloPorts ports, ChildProcess process)
    {
        Name = name;
        Ports = ports;
        _process = process;
    }

    public string Name { get; }

    public SiloPorts Ports { get; }

    /// <summary>Where clients call it: through its proxy when it has one, so a partition cuts clients off too.</summary>
    public Uri GrpcAddress => new($"http://127.0.0.1:{Ports.AdvertisedGrpc.ToString(CultureInfo.InvariantCulture)}");

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public static ClusterSilo Start(ChaosClusterSettings cluster, string name, SiloPorts ports, int start)
    {
        string[] arguments =
        [
            cluster.SiloPath,
            "--Granary:Clustering=Redis",
            $"--Granary:Redis={cluster.Redis}",
            $"--Granary:Orleans:ClusterId={cluster.ClusterId}",
            $"--Granary:Orleans:ServiceId={cluster.ServiceId}",
            $"--Granary:Orleans:SiloName={name}",
            $"--Granary:Orleans:AdvertisedAddress=127.0.0.1",
            .. ports.Arguments(),
            "--Granary:Grpc:HttpPort=0",
            "--Granary:Http:Port=0",
            "--Granary:Telemetry:MetricsPort=0",
            $"--Granary:Repository:Path={cluster.RepositoryPath}",
            "--Granary:Repository:DemoModels=false",
            $"--Granary:State:Path={Path.Combine(cluster.WorkDirectory, "state")}",
            $"--Granary:Usage:RedisPrefix={cluster.ServiceId}:",
            "--Granary:Auth:Enabled=true",
            $"--Granary:Auth:AdminKeys:0={cluster.AdminKey}",
            "--Granary:Auth:Bootstrap=false",
        ];
        var log = Path.Combine(cluster.WorkDirectory, $"{name}.{start.ToString(CultureInfo.InvariantCulture)}.log");
        var process = ChildProcess.Start(name, "dotnet", arguments, Path.GetDirectoryName(cluster.SiloPath)!, log);
        return new ClusterSilo(name, ports, process);
    }

    public Task WaitReadyAsync(string model, string adminKey, CancellationToken cancellationToken) =>
        ServerReadiness.WaitAsync(_process, new Uri($"http://127.0.0.1:{Ports.Grpc.ToString(CultureInfo.InvariantCulture)}"), model, "", adminKey, ReadyBound, cancellationToken);

    /// <summary>SIGKILL: gone without a word, as on a power cut.</summary>
    public void Kill() => _process.Signal(PosixSignals.SigKill);

    /// <summary>SIGTERM: stops taking calls, finishes what it has, hands its grains over and exits.</summary>
    public void Terminate() => _process.Signal(PosixSignals.SigTerm);

    /// <summary>SIGSTOP: hung, as in a long GC pause or on a stuck disk; its sockets stay open and answer nothing.</summary>
    public void Freeze()
    {
        _frozen = _process.Signal(PosixSignals.SigStop);
    }

    public void Thaw()
    {
        if (_frozen)
        {
            _process.Signal(PosixSignals.SigCont);
            _frozen = false;
        }
    }

    public Task<bool> WaitForExitAsync(TimeSpan within) => _process.WaitForExitAsync(within);

    public string LogTail(int lines) => _process.LogTail(lines);

    public async ValueTask DisposeAsync()
    {
        // A frozen process takes no SIGTERM until it runs again.
        Thaw();
        await _process.DisposeAsync();
    }
}
