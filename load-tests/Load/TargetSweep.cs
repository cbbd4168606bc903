using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Load;

/// <summary>Every step against one target, over one set of channels: each row count at each concurrency (or rate).</summary>
public sealed class TargetSweep(BenchmarkOptions options, TextWriter output)
{
    /// <summary>Enough callers to run every path of client and server many times, few enough not to overload them.</summary>
    private const int PrimingConcurrency = 16;

    /// <param name="apiKey">Sent on every call when the server wants one; null for none.</param>
    public async Task<IReadOnlyList<StepResult>> RunAsync(
        string name, Uri address, string? apiKey, ModelShape shape, bool openLoop, CancellationToken cancellationToken)
    {
        using var channels = new ChannelPool(address, options.MaxConcurrency, options.CallersPerChannel, apiKey);
        var target = new LoadTarget(name, channels, options.Model, options.ModelVersion);
        var rowCounts = options.Rows.Distinct().ToArray();
        if (options.Prime > TimeSpan.Zero)
        {
            // Until the server's JIT has compiled its hot paths at the optimized tier (seconds of CPU on a busy
            // silo), its throughput climbs; every row count's stacking path is primed, not only the first.
            foreach (var rows in rowCounts)
            {
                var priming = new InferRequestSet(shape, options.Model, options.ModelVersion, rows, options.Seed);
                await new ClosedLoopRunner(channels, priming).RunAsync(
                    Math.Min(PrimingConcurrency, options.MaxConcurrency), options.Prime / rowCounts.Length, options.MaxRequests, $"{name} priming rows={rows}", cancellationToken);
            }
        }

        var runner = new StepRunner(options, output);
        var steps = new List<StepResult>();
        foreach (var rows in rowCounts)
        {
            var requests = new InferRequestSet(shape, options.Model, options.ModelVersion, rows, options.Seed);
            if (openLoop)
            {
                foreach (var rate in options.Rates)
                {
                    steps.Add(await runner.RunOpenAsync(target, requests, rate, cancellationToken));
                }
            }
            else
            {
                foreach (var concurrency in options.Concurrency)
                {
                    steps.Add(await runner.RunClosedAsync(target, requests, concurrency, cancellationToken));
                }
            }
        }

        return steps;
    }
}
