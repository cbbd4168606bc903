using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Load;

/// <summary>Every step against one target, over one set of channels: each row count at each concurrency (or rate).</summary>
public sealed class TargetSweep(BenchmarkOptions options, TextWriter output)
{
    /// <summary>Enough callers to run every path of client and server many times, few enough not to overload them.</summary>
    private const int PrimingConcurrency = 16;

    /// <param name="apiKey">Sent on every call when the server wants one; null for none.</param>
    /// <param name="protocol">How the infer calls travel (<see cref="InferProtocol"/>); the statistics are read over gRPC whatever it is.</param>
    /// <param name="httpAddress">The server's HTTP (REST) address; needed by the REST protocols only.</param>
    /// <param name="serverProcessIds">The server's processes, when this run started them: each step reports their CPU per request.</param>
    /// <param name="prime">Whether to prime the server first: its first sweep only, when it is swept in rounds.</param>
    public async Task<IReadOnlyList<StepResult>> RunAsync(
        string name, IReadOnlyList<Uri> addresses, string? apiKey, ModelShape shape, bool openLoop, CancellationToken cancellationToken,
        string protocol = InferProtocol.Grpc, Uri? httpAddress = null, bool prime = true, IReadOnlyList<int>? serverProcessIds = null)
    {
        using var channels = new ChannelPool(addresses, options.MaxConcurrency, options.CallersPerChannel, apiKey);
        using var http = InferProtocol.IsRest(protocol)
            ? RestInferCaller.CreateClient(
                httpAddress ?? throw new InvalidOperationException($"{name} has no HTTP address for {protocol}."), options.MaxConcurrency, apiKey)
            : null;
        InferCaller Calls(int rows)
        {
            var requests = new InferRequestSet(shape, options.Model, options.ModelVersion, rows, options.Seed);
            return http is null
                ? new GrpcInferCaller(channels, requests)
                : new RestInferCaller(http, new RestRequestBodies(requests, shape, options.Model, options.ModelVersion, protocol == InferProtocol.RestBinary));
        }

        var target = new LoadTarget(name, channels, options.Model, options.ModelVersion, serverProcessIds is null ? null : new ProcessCpu(serverProcessIds));
        var rowCounts = options.Rows.Distinct().ToArray();
        if (prime && options.Prime > TimeSpan.Zero)
        {
            // Until the server's JIT has compiled its hot paths at the optimized tier (seconds of CPU on a busy
            // silo), its throughput climbs; every row count's stacking path is primed, not only the first.
            foreach (var rows in rowCounts)
            {
                await new ClosedLoopRunner(Calls(rows)).RunAsync(
                    Math.Min(PrimingConcurrency, options.MaxConcurrency), options.Prime / rowCounts.Length, options.MaxRequests, $"{name} priming rows={rows}", cancellationToken);
            }
        }

        var runner = new StepRunner(options, output);
        var steps = new List<StepResult>();
        foreach (var rows in rowCounts)
        {
            var calls = Calls(rows);
            if (openLoop)
            {
                foreach (var rate in options.Rates)
                {
                    steps.Add(await runner.RunOpenAsync(target, calls, rate, cancellationToken));
                }
            }
            else
            {
                foreach (var concurrency in options.Concurrency)
                {
                    steps.Add(await runner.RunClosedAsync(target, calls, concurrency, cancellationToken));
                }
            }
        }

        return steps;
    }
}
