using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Granary.LoadTests.Limits;
using Granary.LoadTests.Load;
using Granary.LoadTests.Report;
using Granary.LoadTests.Targets;
using Granary.Protocol.Inference;

namespace Granary.LoadTests;

/// <summary>
/// One benchmark run. Each measurement has the cores to itself: first the raw limit in this process, then the
/// transport server, then the minimal batching server and Granary in alternating rounds; then the tables and the JSON report.
/// </summary>
public sealed class BenchmarkRun(BenchmarkOptions options, TextWriter output)
{
    private readonly List<string> _problems = [];
    private readonly TargetSweep _sweep = new(options, output);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("granary-load-").FullName;
        try
        {
            await RunAsync(work, cancellationToken);
        }
        finally
        {
            if (_problems.Count == 0)
            {
                Directory.Delete(work, recursive: true);
            }
            else
            {
                output.WriteLine($"server logs kept in {work}");
            }
        }

        return _problems.Count == 0 ? 0 : 1;
    }

    private async Task RunAsync(string work, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.Now;
        var started = Stopwatch.GetTimestamp();
        PrintHeader();

        var (shape, modelFile, embedded) = await PrepareModelAsync(work, cancellationToken);
        var raw = MeasureRaw(shape, modelFile);
        var transport = options.SkipTransport ? [] : await MeasureTransportAsync(shape, work, cancellationToken);
        var rounds = await MeasureInRoundsAsync(shape, modelFile, embedded, work, cancellationToken);
        var baseline = StepMedians.Of(rounds.GetValueOrDefault(SweepTarget.Baseline, []));
        var granary = StepMedians.Of(rounds.GetValueOrDefault(SweepTarget.Granary, []));
        var crossSilo = StepMedians.Of(rounds.GetValueOrDefault(SweepTarget.CrossSilo, []));

        var comparisons = LimitComparison.Build(options, granary, transport, raw, baseline, crossSilo);
        ReportTable.Print(output, options, comparisons, granary, raw);
        ReportTable.PrintRounds(output, options, rounds);
        var total = Stopwatch.GetElapsedTime(started);
        var path = JsonReport.PathFor(options.JsonPath, startedAt);
        var target = new TargetInfo(
            options.IsEmbedded ? TargetInfo.Embedded : TargetInfo.Remote, options.Address, options.Model, options.ModelVersion, modelFile);
        await JsonReport.WriteAsync(
            path,
            new BenchmarkReport(
                startedAt, Math.Round(total.TotalSeconds, 1), MachineInfo.Current, options, target, shape, raw, transport, baseline, granary, crossSilo,
                comparisons, rounds, _problems),
            cancellationToken);

        output.WriteLine();
        foreach (var problem in _problems)
        {
            output.WriteLine($"problem: {problem}");
        }

        output.WriteLine($"report {path}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total time {total.TotalSeconds:F1} s"));
    }

    private void PrintHeader()
    {
        var machine = MachineInfo.Current;
        var spec = options.ModelSize;
        var deployment = options.Deployment;
        output.WriteLine($"Granary load test: {machine.ProcessorCount} cores, {machine.Os} {machine.Architecture}, {machine.Runtime}");
        output.WriteLine(options.IsEmbedded
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"target: embedded silo, model {options.Model} = MLP {ModelSize.Format(spec)}; max batch {deployment.MaxBatchSize}, " +
                $"queue delay {deployment.MaxQueueDelayUs} µs, {deployment.Instances} instance(s) × {deployment.IntraOpThreads} intra-op thread(s)")
            : $"target: {options.Address}, model {options.Model}{(options.ModelVersion.Length > 0 ? " version " + options.ModelVersion : "")}");
        var load = options.Rates.Count > 0
            ? $"open loop at {string.Join(",", options.Rates)} requests/s (transport: concurrency {string.Join(",", options.Concurrency)})"
            : $"concurrency {string.Join(",", options.Concurrency)}";
        output.WriteLine(ReportTable.Calls(options));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"steps: {load} × rows {string.Join(",", options.Rows)}; priming {options.PrimeSeconds} s per target, warm-up {options.WarmupSeconds} s and {options.DurationSeconds} s per step, at most {options.MaxRequests:N0} requests"));
    }

    private async Task<(ModelShape Shape, string? ModelFile, EmbeddedModel? Embedded)> PrepareModelAsync(string work, CancellationToken cancellationToken)
    {
        if (options.IsEmbedded)
        {
            var embedded = EmbeddedModel.Write(options, work);
            return (embedded.Shape, embedded.ModelFile, embedded);
        }

        using var channel = GrpcChannel.ForAddress(options.Address!);
        try
        {
            var shape = await ModelShape.FetchAsync(
                new GRPCInferenceService.GRPCInferenceServiceClient(channel), ApiKeyHeaders.For(options.ApiKey), options.Model, options.ModelVersion, cancellationToken);
            return (shape, options.ModelFile, null);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"Cannot read the metadata of model '{options.Model}' at {options.Address}: {e.StatusCode}, {e.Status.Detail}"
                + (e.StatusCode == StatusCode.Unauthenticated && options.ApiKey is null ? "; a cluster with auth on needs --api-key KEY" : ""),
                e);
        }
    }

    private RawLimitResult? MeasureRaw(ModelShape shape, string? modelFile)
    {
        if (options.SkipRaw)
        {
            return null;
        }

        output.WriteLine();
        if (modelFile is null)
        {
            output.WriteLine("raw limit skipped: a remote target needs --model-file PATH for it");
            return null;
        }

        return new RawOnnxLimit(modelFile, shape, options, output).Measure();
    }

    private async Task<IReadOnlyList<StepResult>> MeasureTransportAsync(ModelShape shape, string work, CancellationToken cancellationToken)
    {
        output.WriteLine();
        RunningServer server;
        try
        {
            server = await TransportProcess.StartAsync(shape, options.Model, work, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _problems.Add($"transport server did not start: {e.Message}");
            output.WriteLine(_problems[^1]);
            return [];
        }

        await using (server)
        {
            // The transport limit is a ceiling, so it is always taken closed-loop, even when Granary runs open-loop.
            var steps = await _sweep.RunAsync(
                "transport", [server.Address], apiKey: null, shape, openLoop: false, cancellationToken, serverProcessIds: server.ServerProcessIds);
            _problems.AddRange(await server.StopAsync());
            return steps;
        }
    }

    /// <summary>
    /// The minimal batching server (the baseline), Granary and, with <c>--cross-silo</c>, the cluster, all running, swept
    /// in alternating rounds: baseline, Granary, cross-silo, baseline, Granary… Each is primed before its first sweep only.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<IReadOnlyList<StepResult>>>> MeasureInRoundsAsync(
        ModelShape shape, string? modelFile, EmbeddedModel? embedded, string work, CancellationToken cancellationToken)
    {
        var targets = new List<SweepTarget>();
        var rounds = new Dictionary<string, IReadOnlyList<IReadOnlyList<StepResult>>>();
        try
        {
            if (await StartBaselineAsync(shape, modelFile, work, cancellationToken) is { } baseline)
            {
                targets.Add(new SweepTarget(SweepTarget.Baseline, SweepEndpoint.Of(baseline), OpenLoop: false, InferProtocol.Grpc));
            }

            if (!options.SkipGranary && await StartGranaryAsync(embedded, work, cancellationToken) is { } granary)
            {
                targets.Add(new SweepTarget(SweepTarget.Granary, granary, options.Rates.Count > 0, options.Protocol));
            }

            if (options.CrossSilo && embedded is not null && await StartClusterAsync(embedded, work, cancellationToken) is { } cluster)
            {
                targets.Add(new SweepTarget(SweepTarget.CrossSilo, cluster, options.Rates.Count > 0, InferProtocol.Grpc));
            }

            var sweeps = targets.ToDictionary(target => target.Name, _ => new List<IReadOnlyList<StepResult>>());
            for (var round = 1; round <= options.Rounds; round++)
            {
                if (options.Rounds > 1)
                {
                    output.WriteLine();
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} of {options.Rounds}"));
                }

                foreach (var target in targets)
                {
                    var endpoint = target.Endpoint;
                    sweeps[target.Name].Add(await _sweep.RunAsync(
                        target.Name, endpoint.Addresses, endpoint.ApiKey, shape, target.OpenLoop, cancellationToken, target.Protocol, endpoint.HttpAddress,
                        prime: round == 1, endpoint.Owned?.ServerProcessIds));
                }
            }

            foreach (var (name, sweep) in sweeps)
            {
                rounds[name] = sweep;
            }
        }
        finally
        {
            foreach (var owned in targets.Select(target => target.Endpoint.Owned).OfType<IStartedTarget>())
            {
                _problems.AddRange(await owned.StopAsync());
                await owned.DisposeAsync();
            }
        }

        return rounds;
    }

    /// <summary>The minimal batching server on the model file, or null (with the reason printed) when it is not measured.</summary>
    private async Task<RunningServer?> StartBaselineAsync(ModelShape shape, string? modelFile, string work, CancellationToken cancellationToken)
    {
        var skipped = (options.SkipBaseline, modelFile, options.Rates.Count > 0) switch
        {
            (true, _, _) => "",
            (_, null, _) => "baseline skipped: a remote target needs --model-file PATH for it",
            (_, _, true) => "baseline skipped: it is a closed-loop ceiling, and this run is open loop",
            _ => null,
        };
        if (skipped is not null)
        {
            if (skipped.Length > 0)
            {
                output.WriteLine(skipped);
            }

            return null;
        }

        output.WriteLine();
        try
        {
            return await BaselineProcess.StartAsync(shape, modelFile!, options.Model, work, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _problems.Add($"minimal batching server did not start: {e.Message}");
            output.WriteLine(_problems[^1]);
            return null;
        }
    }

    /// <summary>The embedded silo this run starts, or the remote cluster; null (with the problem recorded) when the silo does not start.</summary>
    private async Task<SweepEndpoint?> StartGranaryAsync(EmbeddedModel? embedded, string work, CancellationToken cancellationToken)
    {
        output.WriteLine();
        if (embedded is null)
        {
            return new SweepEndpoint([new Uri(options.Address!)], options.ApiKey, HttpAddress: null, Owned: null);
        }

        var starting = Stopwatch.GetTimestamp();
        try
        {
            var silo = await SiloProcess.StartAsync(options, embedded.RepositoryPath, work, cancellationToken);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"silo ready at {silo.Address} (REST {silo.HttpAddress}) in {Stopwatch.GetElapsedTime(starting).TotalSeconds:F1} s{(silo.ApiKey is null ? "" : $", tenant '{BenchmarkTenant.Id}' created")}"));
            return SweepEndpoint.Of(silo);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _problems.Add($"silo did not start: {e.Message}");
            output.WriteLine(_problems[^1]);
            return null;
        }
    }

    /// <summary>The cross-silo cluster, or null (with the problem recorded) when it does not start.</summary>
    private async Task<SweepEndpoint?> StartClusterAsync(EmbeddedModel embedded, string work, CancellationToken cancellationToken)
    {
        output.WriteLine();
        var starting = Stopwatch.GetTimestamp();
        try
        {
            var cluster = await BenchmarkCluster.StartAsync(options, embedded.RepositoryPath, work, cancellationToken);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"cluster of {BenchmarkCluster.Silos} silos ready in {Stopwatch.GetElapsedTime(starting).TotalSeconds:F1} s; the replica on silo 1, calls through {string.Join(", ", cluster.CallAddresses)}"));
            return new SweepEndpoint(cluster.CallAddresses, cluster.ApiKey, HttpAddress: null, cluster);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _problems.Add($"cross-silo cluster did not start: {e.Message}");
            output.WriteLine(_problems[^1]);
            return null;
        }
    }
}
