using System.Diagnostics;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Grpc.Net.Client;

namespace Granary.Tests.Processes;

/// <summary>
/// One silo as a real operating-system process (<c>dotnet Granary.Silo.dll</c>) in Redis cluster mode,
/// its output kept in a log file, reached over gRPC on its own loopback port.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private SiloProcess(string name, Process process, int grpcPort, string logPath, StreamWriter log)
    {
        _log = log;
        Name = name;
        _process = process;
        GrpcPort = grpcPort;
        LogPath = logPath;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Inference = new GRPCInferenceService.GRPCInferenceServiceClient(Channel.WithApiKey(ProcessClusterSettings.AdminKey));
        Cluster = new Granary.Protocol.V1.Cluster.ClusterClient(Channel.WithApiKey(ProcessClusterSettings.AdminKey));
        Tenants = new Granary.Protocol.V1.Tenants.TenantsClient(Channel.WithApiKey(ProcessClusterSettings.AdminKey));
    }

    public string Name { get; }

    public int GrpcPort { get; }

    public string LogPath { get; }

    public GrpcChannel Channel { get; }

    public GRPCInferenceService.GRPCInferenceServiceClient Inference { get; }

    public Granary.Protocol.V1.Cluster.ClusterClient Cluster { get; }

    public Granary.Protocol.V1.Tenants.TenantsClient Tenants { get; }

    /// <summary>The Open Inference Protocol as a tenant calls it, with its key.</summary>
    public GRPCInferenceService.GRPCInferenceServiceClient InferenceAs(string key) => new(Channel.WithApiKey(key));

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static SiloProcess Start(string name, ProcessClusterSettings cluster, IReadOnlyList<string> extraArguments)
    {
        var grpcPort = FreePorts.Next();
        var logPath = Path.Combine(cluster.WorkDirectory, $"{name}.log");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Granary.Silo.dll"),
                     "--Granary:Clustering=Redis",
                     $"--Granary:Redis={cluster.RedisConnectionString}",
                     $"--Granary:Orleans:ClusterId={cluster.ClusterId}",
                     $"--Granary:Orleans:ServiceId={cluster.ServiceId}",
                     $"--Granary:Orleans:SiloPort={FreePorts.Next()}",
                     $"--Granary:Orleans:GatewayPort={FreePorts.Next()}",
                     $"--Granary:Grpc:Port={grpcPort}",
                     "--Granary:Grpc:HttpPort=0",
                     $"--Granary:Repository:Path={cluster.RepositoryRoot}",
                     $"--Granary:Orleans:SiloName={name}",
                     $"--Granary:State:Path={Path.Combine(cluster.WorkDirectory, "state")}",
                     $"--Granary:Usage:RedisPrefix={cluster.ServiceId}:",
                     $"--Granary:Auth:AdminKeys:0={ProcessClusterSettings.AdminKey}",
                     "--Granary:Auth:Bootstrap=false",
                 }.Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");

        // A test run that ends without disposing its clusters (a failure in a fixture, Ctrl+C) takes its silos with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly(process);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(name, process, grpcPort, logPath, log);
    }

    public Task WaitReadyAsync(TimeSpan within) =>
        Eventually.TrueAsync(
            async () => !HasExited ? (await Inference.ServerReadyAsync(new ServerReadyRequest())).Ready : throw new InvalidOperationException($"{Name} exited with {ExitCode}: {Tail()}"),
            within,
            $"{Name} to be ready");

    /// <summary>SIGTERM: the silo stops taking calls, finishes what it has, hands its grains over and exits.</summary>
    public void Terminate() => Signals.Send(_process.Id, Signals.Terminate);

    /// <summary>SIGKILL: the silo vanishes without a word, as on a power cut.</summary>
    public void Kill() => Signals.Send(_process.Id, Signals.Kill);

    /// <summary>SIGSTOP: the silo hangs, sockets open and nothing answered (SIGKILL on dispose still ends it).</summary>
    public void Hang() => Signals.Send(_process.Id, Signals.Stop);

    /// <summary>SIGCONT: a hung silo runs again.</summary>
    public void Resume() => Signals.Send(_process.Id, Signals.Continue);

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        // Waiting for the exit also waits for the last lines of output, so the log holds all of them.
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone, or never started.
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
