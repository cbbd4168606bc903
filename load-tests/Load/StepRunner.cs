using Granary.LoadTests.Report;
using Granary.LoadTests.Server;

namespace Granary.LoadTests.Load;

/// <summary>
/// Runs one step: a warm-up, then the measured phase between two reads of the server's statistics. The warm-up
/// is its own phase so the first read is taken with nothing in flight, and no warm-up request is counted.
/// </summary>
public sealed class StepRunner(BenchmarkOptions options, TextWriter output)
{
    private readonly HashSet<string> _warnedTargets = new(StringComparer.Ordinal);

    public Task<StepResult> RunClosedAsync(LoadTarget target, InferCaller calls, int concurrency, CancellationToken cancellationToken)
    {
        var runner = new ClosedLoopRunner(calls);
        return RunAsync(
            target,
            calls.Rows,
            concurrency,
            rate: null,
            (duration, label, token) => runner.RunAsync(concurrency, duration, options.MaxRequests, label, token),
            cancellationToken);
    }

    public Task<StepResult> RunOpenAsync(LoadTarget target, InferCaller calls, int rate, CancellationToken cancellationToken)
    {
        var runner = new OpenLoopRunner(calls, options.MaxInFlight);
        return RunAsync(
            target,
            calls.Rows,
            concurrency: null,
            rate,
            (duration, label, token) => runner.RunAsync(rate, duration, options.MaxRequests, label, token),
            cancellationToken);
    }

    private async Task<StepResult> RunAsync(
        LoadTarget target,
        int rows,
        int? concurrency,
        int? rate,
        Func<TimeSpan, string, CancellationToken, Task<PhaseOutcome>> phase,
        CancellationToken cancellationToken)
    {
        var label = rate is null ? $"{target.Name} rows={rows} c={concurrency}" : $"{target.Name} rows={rows} rate={rate}/s";
        if (options.Warmup > TimeSpan.Zero)
        {
            await phase(options.Warmup, label + " warm-up", cancellationToken);
        }

        var before = await StatisticsAsync(target, cancellationToken);
        var serverCpu = target.ServerCpu?.Read();
        var clientCpu = ProcessCpu.Self.Read();
        var outcome = await phase(options.Duration, label, cancellationToken);
        var cpu = new StepCpu(target.ServerCpu?.Read() - serverCpu, ProcessCpu.Self.Read() - clientCpu);
        var after = await StatisticsAsync(target, cancellationToken);
        var result = StepResult.From(target.Name, rows, concurrency, rate, outcome, ServerStatisticsDelta.Between(before, after), cpu);
        output.WriteLine(StepSummary.Format(result));
        return result;
    }

    private async Task<ServerStatisticsSnapshot?> StatisticsAsync(LoadTarget target, CancellationToken cancellationToken)
    {
        var (snapshot, problem) = await ServerStatisticsSnapshot.FetchAsync(
            target.Channels.ForCaller(0), target.Channels.Headers, target.Model, target.Version, cancellationToken);
        if (problem is not null && _warnedTargets.Add(target.Name))
        {
            output.WriteLine($"  ({target.Name} gives no ModelStatistics: {problem})");
        }

        return snapshot;
    }
}
