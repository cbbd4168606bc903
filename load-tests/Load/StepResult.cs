using System.Text.Json.Serialization;
using Granary.LoadTests.Server;

namespace Granary.LoadTests.Load;

/// <summary>One measured step against one target: a concurrency (closed loop) or a rate (open loop) at a row count.</summary>
public sealed record StepResult
{
    public const string ClosedLoop = "closed";
    public const string OpenLoop = "open";

    public required string Target { get; init; }

    public required string Mode { get; init; }

    public required int Rows { get; init; }

    public int? Concurrency { get; init; }

    public int? Rate { get; init; }

    /// <summary>Requests answered with a complete output.</summary>
    public required long Requests { get; init; }

    public required long Failed { get; init; }

    /// <summary>Rows answered: requests × rows.</summary>
    public required long Inferences { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double InferencesPerSecond { get; init; }

    /// <summary>Microseconds; in the open loop, from each request's intended send time.</summary>
    public required LatencySummary LatencyUs { get; init; }

    /// <summary>Open loop only: microseconds from the actual send, which leaves out any wait to send.</summary>
    public LatencySummary? ServiceTimeUs { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    /// <summary>Microseconds of CPU (all cores) the server's processes spent per answered request; null when this run did not start the server.</summary>
    public double? ServerCpuUsPerRequest { get; init; }

    /// <summary>Microseconds of CPU this load generator spent per answered request.</summary>
    public double? ClientCpuUsPerRequest { get; init; }

    /// <summary>What the server says it did during the step; null when it keeps no statistics.</summary>
    public ServerStatisticsDelta? Server { get; init; }

    [JsonIgnore]
    public string Label => Mode == OpenLoop ? $"{Target} rows={Rows} rate={Rate}/s" : $"{Target} rows={Rows} c={Concurrency}";

    private static double? PerRequest(TimeSpan? cpu, long answered) =>
        cpu is { } spent && answered > 0 ? Math.Round(spent.TotalMicroseconds / answered, 1) : null;

    public static StepResult From(string target, int rows, int? concurrency, int? rate, PhaseOutcome outcome, ServerStatisticsDelta? server, StepCpu cpu = default)
    {
        var recorder = outcome.Recorder;
        var seconds = outcome.Elapsed.TotalSeconds;
        var answered = recorder.Answered;
        return new StepResult
        {
            Target = target,
            Mode = rate is null ? ClosedLoop : OpenLoop,
            Rows = rows,
            Concurrency = concurrency,
            Rate = rate,
            Requests = answered,
            Failed = recorder.Errors.Values.Sum(),
            Inferences = answered * rows,
            ElapsedSeconds = Math.Round(seconds, 3),
            RequestsPerSecond = Math.Round(answered / seconds, 1),
            InferencesPerSecond = Math.Round(answered * rows / seconds, 1),
            LatencyUs = LatencySummary.Of(recorder.Latency),
            ServiceTimeUs = rate is null ? null : LatencySummary.Of(recorder.ServiceTime),
            Errors = new SortedDictionary<string, long>(recorder.Errors.ToDictionary(), StringComparer.Ordinal),
            Server = server,
            ServerCpuUsPerRequest = PerRequest(cpu.Server, answered),
            ClientCpuUsPerRequest = PerRequest(cpu.Client, answered),
        };
    }
}
