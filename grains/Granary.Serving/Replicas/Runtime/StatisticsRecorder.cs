using System.Collections.Concurrent;
using System.Diagnostics;

namespace Granary.Replicas.Runtime;

/// <summary>
/// Cumulative, lock-free counters of one replica in Triton's terms: per request (success, fail, queue,
/// compute input/infer/output) and per executed batch size.
/// </summary>
internal sealed class StatisticsRecorder(string model, long version)
{
    private readonly ConcurrentDictionary<int, Counters> _batches = new();
    private readonly Counters _requests = new();
    private long _inferences;
    private long _executions;
    private long _lastInferenceUnixMs;
    private long _success;
    private long _successNs;
    private long _fail;
    private long _failNs;

    public void OnBatchExecuted(int batchRows, int requests, long queueNsTotal, long inputTicks, long inferTicks, long outputTicks)
    {
        var input = ToNs(inputTicks);
        var infer = ToNs(inferTicks);
        var output = ToNs(outputTicks);
        Interlocked.Increment(ref _executions);
        Interlocked.Add(ref _inferences, batchRows);
        Volatile.Write(ref _lastInferenceUnixMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _requests.Add(requests, queueNsTotal, input * requests, infer * requests, output * requests);
        _batches.GetOrAdd(batchRows, static _ => new Counters()).Add(1, 0, input, infer, output);
    }

    public void OnRequestCompleted(long enqueuedAt, bool succeeded)
    {
        var ns = ToNs(Stopwatch.GetTimestamp() - enqueuedAt);
        if (succeeded)
        {
            Interlocked.Increment(ref _success);
            Interlocked.Add(ref _successNs, ns);
        }
        else
        {
            Interlocked.Increment(ref _fail);
            Interlocked.Add(ref _failNs, ns);
        }
    }

    public ReplicaStatistics Snapshot() => new(
        model,
        version,
        Volatile.Read(ref _lastInferenceUnixMs),
        Volatile.Read(ref _inferences),
        Volatile.Read(ref _executions),
        new DurationStatistic(Volatile.Read(ref _success), Volatile.Read(ref _successNs)),
        new DurationStatistic(Volatile.Read(ref _fail), Volatile.Read(ref _failNs)),
        _requests.Queue,
        _requests.Input,
        _requests.Infer,
        _requests.Output,
        _batches.OrderBy(b => b.Key).Select(b => new BatchSizeStatistics(b.Key, b.Value.Input, b.Value.Infer, b.Value.Output)).ToArray());

    public static long ToNs(long stopwatchTicks) => (long)(stopwatchTicks * (1_000_000_000.0 / Stopwatch.Frequency));

    private sealed class Counters
    {
        private long _count;
        private long _queueNs;
        private long _inputNs;
        private long _inferNs;
        private long _outputNs;

        public DurationStatistic Queue => new(Volatile.Read(ref _count), Volatile.Read(ref _queueNs));

        public DurationStatistic Input => new(Volatile.Read(ref _count), Volatile.Read(ref _inputNs));

        public DurationStatistic Infer => new(Volatile.Read(ref _count), Volatile.Read(ref _inferNs));

        public DurationStatistic Output => new(Volatile.Read(ref _count), Volatile.Read(ref _outputNs));

        public void Add(long count, long queueNs, long inputNs, long inferNs, long outputNs)
        {
            Interlocked.Add(ref _count, count);
            Interlocked.Add(ref _queueNs, queueNs);
            Interlocked.Add(ref _inputNs, inputNs);
            Interlocked.Add(ref _inferNs, inferNs);
            Interlocked.Add(ref _outputNs, outputNs);
        }
    }
}
