using System.CommandLine;
using Granary.LoadTests.Report;
using Granary.Models.Synthesis;

namespace Granary.LoadTests.Cli;

/// <summary>The benchmark's command line: every option, its default (from <see cref="BenchmarkOptions"/>) and its checks.</summary>
public static class BenchmarkCommand
{
    public static RootCommand Create()
    {
        var defaults = new BenchmarkOptions();
        var deployment = defaults.Deployment;

        var concurrency = IntList("--concurrency", $"Closed-loop steps: callers in flight [default: {string.Join(",", defaults.Concurrency)}].");
        var rate = IntList("--rate", "Open-loop steps against Granary: requests per second, e.g. 200,800; replaces the concurrency sweep.");
        var rows = IntList("--rows", $"Rows per request; every step runs once for each [default: {string.Join(",", defaults.Rows)}].");
        var warmup = new Option<double>("--warmup") { Description = "Warm-up seconds before each step.", DefaultValueFactory = _ => defaults.WarmupSeconds };
        var duration = new Option<double>("--duration") { Description = "Measured seconds per step.", DefaultValueFactory = _ => defaults.DurationSeconds };
        var prime = new Option<double>("--prime") { Description = "Unmeasured seconds of load on each target before its first step, shared by the row counts: long enough for the JIT to finish optimizing the hot paths.", DefaultValueFactory = _ => defaults.PrimeSeconds };
        var maxRequests = new Option<long>("--max-requests") { Description = "Most requests per step (and per warm-up).", DefaultValueFactory = _ => defaults.MaxRequests };
        var seed = new Option<int>("--seed") { Description = "Seed of the random input rows.", DefaultValueFactory = _ => defaults.Seed };
        var target = new Option<string>("--target") { Description = "embedded (default): start a silo on a synthetic model; remote: the cluster at --address." };
        target.AcceptOnlyFromAmong(TargetInfo.Embedded, TargetInfo.Remote);
        var address = new Option<string>("--address") { Description = "gRPC address of a running cluster, e.g. http://127.0.0.1:50051; implies --target remote." };
        var model = new Option<string>("--model") { Description = $"Model name (embedded default: {BenchmarkOptions.EmbeddedModelName})." };
        var apiKey = new Option<string>("--api-key")
        {
            Description = "Remote: API key sent as 'authorization: Bearer KEY' on every call, for a cluster with auth on "
                + "(Granary:Auth:Enabled, the default). A tenant's key measures the path with its quota, an admin key the path without; "
                + "the quota must allow the load, or refusals count as errors. Not written to the report.",
        };
        var withTenant = new Option<bool>("--with-tenant")
        {
            Description = "Embedded: start the silo with auth on, create tenant 'bench' with a quota far above the load (1e6 requests/s) and send every call with "
                + "its key, to measure what the key check and quota admission add. Without it the silo runs with auth off.",
        };
        var protocol = new Option<string>("--protocol")
        {
            Description = "How the calls to Granary travel: grpc (ModelInfer), rest-json (KServe v2 REST, JSON tensors) or rest-binary "
                + "(KServe v2 REST, binary tensor data). REST runs against the embedded silo's HTTP port; the transport limit stays gRPC.",
            DefaultValueFactory = _ => defaults.Protocol,
        };
        protocol.AcceptOnlyFromAmong(Load.InferProtocol.All);
        var modelVersion = new Option<string>("--model-version") { Description = "Model version; the latest when omitted.", DefaultValueFactory = _ => "" };
        var modelFile = new Option<string>("--model-file") { Description = "ONNX file of a remote model, for the raw limit." };
        var modelSize = new Option<MlpSpec>("--model-size")
        {
            Description = $"Embedded MLP as inputs x layers x hidden x outputs [default: {ModelSize.Format(defaults.ModelSize)}].",
            CustomParser = ArgumentParsers.MlpSize,
        };
        var maxBatchSize = new Option<int>("--max-batch-size") { Description = "Embedded: most rows per run.", DefaultValueFactory = _ => deployment.MaxBatchSize };
        var maxQueueDelay = new Option<long>("--max-queue-delay-us") { Description = "Embedded: longest wait for a fuller batch.", DefaultValueFactory = _ => deployment.MaxQueueDelayUs };
        var instances = new Option<int>("--instances") { Description = "Embedded: workers per replica.", DefaultValueFactory = _ => deployment.Instances };
        var intraOpThreads = new Option<int>("--intra-op-threads") { Description = "Embedded: ONNX Runtime threads per run.", DefaultValueFactory = _ => deployment.IntraOpThreads };
        var skipRaw = new Option<bool>("--skip-raw") { Description = "Do not measure the raw ONNX Runtime limit." };
        var skipTransport = new Option<bool>("--skip-transport") { Description = "Do not measure the bare gRPC transport limit." };
        var skipGranary = new Option<bool>("--skip-granary") { Description = "Measure the limits only." };
        var skipBaseline = new Option<bool>("--skip-baseline") { Description = "Do not measure the minimal batching server (the fixed baseline on the same model file)." };
        var crossSilo = new Option<bool>("--cross-silo")
        {
            Description = "Embedded: also sweep a cluster of 3 silo processes (its own redis-server; redis-server must be installed), the replica on silo 1 and calls through silos 2 and 3.",
        };
        var rounds = new Option<int>("--rounds")
        {
            Description = "Rounds of the baseline and Granary sweeps, alternating with both servers running; each step reports the median round.",
            DefaultValueFactory = _ => defaults.Rounds,
        };
        var json = new Option<string>("--json") { Description = "Report file; default load-tests/results/<timestamp>.json." };
        var silo = new Option<string>("--silo") { Description = "Granary.Silo.dll to start; default the one built alongside." };
        var startupTimeout = new Option<double>("--startup-timeout") { Description = "Seconds to wait for the silo to be ready.", DefaultValueFactory = _ => defaults.StartupTimeoutSeconds };
        var rawSeconds = new Option<double>("--raw-seconds") { Description = "Seconds per point of the raw search.", DefaultValueFactory = _ => defaults.RawSecondsPerConfig };
        var callersPerChannel = new Option<int>("--callers-per-channel") { Description = "Concurrent callers sharing one gRPC channel.", DefaultValueFactory = _ => defaults.CallersPerChannel };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Open loop: most requests in flight.", DefaultValueFactory = _ => defaults.MaxInFlight };

        var command = new RootCommand("Granary benchmark: throughput and tail latency against the raw ONNX Runtime and bare gRPC limits.");
        Option[] all =
        [
            concurrency, rate, rows, warmup, duration, prime, maxRequests, seed, protocol, target, address, apiKey, withTenant, model, modelVersion, modelFile, modelSize,
            maxBatchSize, maxQueueDelay, instances, intraOpThreads, skipRaw, skipTransport, skipGranary, skipBaseline, crossSilo, rounds, json, silo, startupTimeout,
            rawSeconds, callersPerChannel, maxInFlight,
        ];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }

        Positive(warmup, allowZero: true);
        Positive(duration);
        Positive(prime, allowZero: true);
        Positive(startupTimeout);
        Positive(rawSeconds);
        PositiveInteger(maxRequests);
        PositiveInteger(maxBatchSize, allowZero: true);
        PositiveInteger(maxQueueDelay, allowZero: true);
        PositiveInteger(instances);
        PositiveInteger(intraOpThreads);
        PositiveInteger(callersPerChannel);
        PositiveInteger(maxInFlight);
        PositiveInteger(rounds);
        command.Validators.Add(result =>
        {
            var remote = result.GetValue(target) == TargetInfo.Remote;
            var addressText = result.GetValue(address);
            if (addressText is null && remote)
            {
                result.AddError("--target remote needs --address http://host:port.");
            }

            if (addressText is not null && result.GetValue(target) == TargetInfo.Embedded)
            {
                result.AddError("--address targets a running cluster; it cannot be combined with --target embedded.");
            }

            if (addressText is not null && (!Uri.TryCreate(addressText, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                result.AddError($"--address '{addressText}' is not an http:// or https:// address.");
            }

            if (addressText is null && result.GetValue(apiKey) is not null)
            {
                result.AddError("--api-key is for a remote cluster (--address); the embedded silo makes its own keys with --with-tenant.");
            }

            if (addressText is not null && result.GetValue(crossSilo))
            {
                result.AddError("--cross-silo starts its own cluster; it cannot be combined with --address.");
            }

            if (addressText is not null && result.GetValue(withTenant))
            {
                result.AddError("--with-tenant starts an embedded silo; against a remote cluster pass a tenant's key with --api-key.");
            }

            if (result.GetValue(apiKey) is { } key && string.IsNullOrWhiteSpace(key))
            {
                result.AddError("--api-key is empty.");
            }

            if (addressText is not null && result.GetValue(model) is null)
            {
                result.AddError("--address needs --model NAME: the model to load.");
            }

            if (addressText is not null && Load.InferProtocol.IsRest(result.GetValue(protocol)!))
            {
                result.AddError("--protocol rest-json and rest-binary run against the embedded silo; a remote cluster is driven over gRPC.");
            }

            if (result.GetValue(modelFile) is { } file && !File.Exists(file))
            {
                result.AddError($"--model-file {file} does not exist.");
            }
        });

        command.SetAction(async (result, cancellationToken) =>
        {
            var addressText = result.GetValue(address);
            var options = new BenchmarkOptions
            {
                Concurrency = Given(result.GetValue(concurrency)) ?? defaults.Concurrency,
                Rates = Given(result.GetValue(rate)) ?? defaults.Rates,
                Rows = Given(result.GetValue(rows)) ?? defaults.Rows,
                WarmupSeconds = result.GetValue(warmup),
                DurationSeconds = result.GetValue(duration),
                PrimeSeconds = result.GetValue(prime),
                MaxRequests = result.GetValue(maxRequests),
                Seed = result.GetValue(seed),
                Protocol = result.GetValue(protocol)!,
                Address = addressText,
                ApiKey = result.GetValue(apiKey)?.Trim(),
                WithTenant = result.GetValue(withTenant),
                Model = result.GetValue(model) ?? BenchmarkOptions.EmbeddedModelName,
                ModelVersion = result.GetValue(modelVersion)!,
                ModelFile = result.GetValue(modelFile),
                ModelSize = result.GetValue(modelSize) ?? defaults.ModelSize,
                Deployment = new EmbeddedDeployment
                {
                    MaxBatchSize = result.GetValue(maxBatchSize),
                    MaxQueueDelayUs = result.GetValue(maxQueueDelay),
                    Instances = result.GetValue(instances),
                    IntraOpThreads = result.GetValue(intraOpThreads),
                },
                SkipRaw = result.GetValue(skipRaw),
                SkipTransport = result.GetValue(skipTransport),
                SkipGranary = result.GetValue(skipGranary),
                SkipBaseline = result.GetValue(skipBaseline),
                Rounds = result.GetValue(rounds),
                CrossSilo = result.GetValue(crossSilo),
                JsonPath = result.GetValue(json),
                SiloPath = result.GetValue(silo),
                StartupTimeoutSeconds = result.GetValue(startupTimeout),
                RawSecondsPerConfig = result.GetValue(rawSeconds),
                CallersPerChannel = result.GetValue(callersPerChannel),
                MaxInFlight = result.GetValue(maxInFlight),
            };
            try
            {
                return await new BenchmarkRun(options, Console.Out).RunAsync(cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
            {
                await Console.Error.WriteLineAsync($"load test failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Option<int[]> IntList(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = ArgumentParsers.PositiveIntegers,
    };

    /// <summary>The list given on the command line, or null when the option was left out.</summary>
    private static int[]? Given(int[]? values) => values is { Length: > 0 } ? values : null;

    private static void Positive(Option<double> option, bool allowZero = false) =>
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (value < 0 || (!allowZero && value == 0) || !double.IsFinite(value))
            {
                result.AddError($"{option.Name} must be {(allowZero ? "zero or more" : "more than zero")} (got {value}).");
            }
        });

    private static void PositiveInteger<T>(Option<T> option, bool allowZero = false)
        where T : struct, System.Numerics.IBinaryInteger<T> =>
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>();
            if (T.IsNegative(value) || (!allowZero && T.IsZero(value)))
            {
                result.AddError($"{option.Name} must be {(allowZero ? "zero or more" : "at least 1")} (got {value}).");
            }
        });
}
