using System.Text.Json.Serialization;
using Granary.Models.Synthesis;

namespace Granary.LoadTests;

/// <summary>Everything one benchmark run is told; the defaults here are the command line's defaults.</summary>
public sealed record BenchmarkOptions
{
    public const string EmbeddedModelName = "mlp-benchmark";

    /// <summary>Callers in flight per closed-loop step.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [1, 4, 16, 64, 256];

    /// <summary>Open-loop request rates per second; when set they replace the closed-loop sweep against Granary.</summary>
    public IReadOnlyList<int> Rates { get; init; } = [];

    /// <summary>Rows per request; every step is run once for each.</summary>
    public IReadOnlyList<int> Rows { get; init; } = [1, 8];

    // One second of warm-up and three of measurement per step keep the default run (2 targets × 2 row counts
    // × 5 steps, plus the raw search) near two minutes on a 2-core box, well inside the five-minute budget.
    public double WarmupSeconds { get; init; } = 1;

    public double DurationSeconds { get; init; } = 3;

    /// <summary>
    /// Unmeasured load on each target before its first step: a fresh server, and this client, run their first
    /// seconds on unoptimized code, which would otherwise be charged to whichever step comes first.
    /// </summary>
    public double PrimeSeconds { get; init; } = 12;

    public long MaxRequests { get; init; } = 1_000_000;

    public int Seed { get; init; } = 42;

    /// <summary>How the calls to Granary travel: <c>grpc</c>, <c>rest-json</c> or <c>rest-binary</c> (<see cref="Load.InferProtocol"/>).</summary>
    public string Protocol { get; init; } = Load.InferProtocol.Grpc;

    /// <summary>A running cluster's gRPC address; null starts an embedded silo instead.</summary>
    public string? Address { get; init; }

    public string Model { get; init; } = EmbeddedModelName;

    /// <summary>Empty means the server's latest version.</summary>
    public string ModelVersion { get; init; } = "";

    /// <summary>The ONNX file behind a remote model, for the raw limit; the embedded target writes its own.</summary>
    public string? ModelFile { get; init; }

    public MlpSpec ModelSize { get; init; } = MlpSpec.Benchmark;

    public EmbeddedDeployment Deployment { get; init; } = new();

    public bool SkipRaw { get; init; }

    public bool SkipTransport { get; init; }

    public bool SkipGranary { get; init; }

    /// <summary>
    /// Do not measure the minimal batching server (<see cref="Baseline.MinimalBatchingServer"/>), the fixed baseline
    /// Granary is compared with on the same model file.
    /// </summary>
    public bool SkipBaseline { get; init; }

    /// <summary>
    /// Rounds of the baseline and Granary sweeps, alternating (A B A B …) with both servers kept running; each step's
    /// figure is the median round, so slow drift on a noisy machine falls on both alike.
    /// </summary>
    public int Rounds { get; init; } = 1;

    /// <summary>
    /// Embedded: also sweep a cluster of three silo processes joined through a redis-server of the run's own, with the
    /// model's replica on silo 1 and the calls sent to silos 2 and 3, so that each crosses silos in a grain call.
    /// </summary>
    public bool CrossSilo { get; init; }

    /// <summary>Null writes to <c>load-tests/results/&lt;timestamp&gt;.json</c>.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Null uses the silo built alongside the load tests.</summary>
    public string? SiloPath { get; init; }

    public double StartupTimeoutSeconds { get; init; } = 120;

    /// <summary>Time spent on each (batch, threads, callers) point of the raw ONNX Runtime search.</summary>
    public double RawSecondsPerConfig { get; init; } = 0.5;

    /// <summary>Concurrent callers sharing one channel; more channels mean more HTTP/2 connections.</summary>
    public int CallersPerChannel { get; init; } = 16;

    /// <summary>Open-loop requests in flight before the sender waits (latency still counts from the intended send).</summary>
    public int MaxInFlight { get; init; } = 4096;

    /// <summary>
    /// Embedded: run the silo with auth on and send every call as tenant <c>bench</c>, so each pays the key check and
    /// the quota admission. Off, the silo runs with auth off: the serving path alone.
    /// </summary>
    [JsonPropertyName("tenant")]
    public bool WithTenant { get; init; }

    /// <summary>Remote: sent as <c>authorization: Bearer</c> on every call. A secret, so never written to the report.</summary>
    [JsonIgnore]
    public string? ApiKey { get; init; }

    /// <summary>Whether the calls to Granary carry an API key: the tenant's, or the one given for a remote cluster.</summary>
    public bool Authenticated => WithTenant || ApiKey is not null;

    public bool IsEmbedded => Address is null;

    [JsonIgnore]
    public TimeSpan Warmup => TimeSpan.FromSeconds(WarmupSeconds);

    [JsonIgnore]
    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);

    [JsonIgnore]
    public TimeSpan Prime => TimeSpan.FromSeconds(PrimeSeconds);

    [JsonIgnore]
    public int MaxConcurrency => Concurrency.Count == 0 ? 1 : Concurrency.Max();
}
