using System.Diagnostics;
using System.Globalization;
using Granary.LoadTests.Load;
using Granary.LoadTests.Targets;
using HdrHistogram;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace Granary.LoadTests.Limits;

/// <summary>
/// The raw limit: the model file run in this process through ONNX Runtime on the CPU, with no serving in between.
/// Searches rows per run, intra-op threads and concurrent callers (threads × callers within the cores) for the best
/// inferences per second, and times single runs of each requested row count on one thread.
/// </summary>
public sealed class RawOnnxLimit(string modelFile, ModelShape shape, BenchmarkOptions options, TextWriter output)
{
    public static readonly int[] BatchSizes = [1, 8, 32, 64, 128, 256];

    private const int WarmupRuns = 3;
    private const long MaxRunsPerPoint = 1_000_000;
    private const int SingleRuns = 300;
    private static readonly TimeSpan SingleRunBudget = TimeSpan.FromSeconds(3);

    public RawLimitResult Measure()
    {
        var points = new List<RawThroughputPoint>();
        foreach (var threads in ThreadCounts())
        {
            using var session = CreateSession(threads);
            foreach (var callers in CallerCounts(threads))
            {
                var row = BatchSizes.Select(batch => MeasureThroughput(session, batch, threads, callers)).ToList();
                points.AddRange(row);
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"raw  {threads} intra-op thread(s) × {callers} caller(s): {string.Join("  ", row.Select(p => $"b{p.BatchSize} {p.InferencesPerSecond:N0}"))} inf/s"));
            }
        }

        using var single = CreateSession(1);
        var singleRuns = options.Rows.Distinct().Select(rows => MeasureSingleRun(single, rows)).ToList();
        foreach (var run in singleRuns)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"raw  single run of {run.Rows} row(s), 1 thread: p50 {run.DurationUs.P50:N0} µs, p99 {run.DurationUs.P99:N0} µs over {run.DurationUs.Count} runs"));
        }

        return new RawLimitResult(modelFile, points.MaxBy(point => point.InferencesPerSecond)!, points, singleRuns);
    }

    /// <summary>Powers of two up to the core count, and the core count itself.</summary>
    private static IEnumerable<int> ThreadCounts()
    {
        var cores = Environment.ProcessorCount;
        for (var threads = 1; threads < cores; threads *= 2)
        {
            yield return threads;
        }

        yield return cores;
    }

    /// <summary>One caller, and as many as fill the cores at this thread count.</summary>
    private static IEnumerable<int> CallerCounts(int threads) => new[] { 1, Math.Max(1, Environment.ProcessorCount / threads) }.Distinct();

    private InferenceSession CreateSession(int intraOpThreads)
    {
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(modelFile, sessionOptions);
    }

    private RawThroughputPoint MeasureThroughput(InferenceSession session, int batch, int threads, int callers)
    {
        var buffers = Enumerable.Range(0, callers).Select(caller => new OnnxRunBuffers(shape, batch, options.Seed + caller)).ToArray();
        try
        {
            foreach (var buffer in buffers)
            {
                for (var i = 0; i < WarmupRuns; i++)
                {
                    buffer.Run(session);
                }
            }

            var runs = new long[callers];
            var started = Stopwatch.GetTimestamp();
            var deadline = started + (long)(options.RawSecondsPerConfig * Stopwatch.Frequency);
            var workers = new Thread[callers];
            for (var caller = 0; caller < callers; caller++)
            {
                var index = caller;
                workers[caller] = new Thread(() =>
                {
                    while (Stopwatch.GetTimestamp() < deadline && runs[index] < MaxRunsPerPoint)
                    {
                        buffers[index].Run(session);
                        runs[index]++;
                    }
                }) { IsBackground = true, Name = $"raw-caller-{index}" };
                workers[caller].Start();
            }

            foreach (var worker in workers)
            {
                worker.Join();
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var total = runs.Sum();
            return new RawThroughputPoint(batch, threads, callers, total, Math.Round(seconds, 3), Math.Round(total * batch / seconds, 1));
        }
        finally
        {
            foreach (var buffer in buffers)
            {
                buffer.Dispose();
            }
        }
    }

    private RawSingleRun MeasureSingleRun(InferenceSession session, int rows)
    {
        using var buffers = new OnnxRunBuffers(shape, rows, options.Seed);
        for (var i = 0; i < WarmupRuns; i++)
        {
            buffers.Run(session);
        }

        var histogram = new LongHistogram(60_000_000, 3);
        var deadline = Stopwatch.GetTimestamp() + (long)(SingleRunBudget.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < SingleRuns && Stopwatch.GetTimestamp() < deadline; i++)
        {
            var started = Stopwatch.GetTimestamp();
            buffers.Run(session);
            histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
        }

        return new RawSingleRun(rows, LatencySummary.Of(histogram));
    }
}
