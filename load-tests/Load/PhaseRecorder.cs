using System.Diagnostics;
using HdrHistogram;

namespace Granary.LoadTests.Load;

/// <summary>
/// What one phase observed: latency of each answered request in microseconds, from its intended start (which
/// the open loop keeps apart from the actual send) and from its actual send; failures by gRPC status (or HTTP status). Safe to call
/// from any thread, since open-loop completions land anywhere.
/// </summary>
public sealed class PhaseRecorder
{
    /// <summary>One minute; anything slower is recorded as one minute rather than lost.</summary>
    private const long HighestTrackableUs = 60_000_000;
    private const int SignificantDigits = 3;
    private const string IncompleteResponse = InferCaller.IncompleteResponse;
    private const string NotSent = "NotSent";

    private readonly Lock _lock = new();
    private readonly LongHistogram _latency = new(HighestTrackableUs, SignificantDigits);
    private readonly LongHistogram _serviceTime = new(HighestTrackableUs, SignificantDigits);
    private readonly Dictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _answered;
    private long _completed;

    /// <summary>Requests finished so far, answered or failed; read by the progress line while the phase runs.</summary>
    public long Completed => Volatile.Read(ref _completed);

    public long Answered => _answered;

    public LongHistogram Latency => _latency;

    public LongHistogram ServiceTime => _serviceTime;

    public IReadOnlyDictionary<string, long> Errors => _errors;

    public void OnAnswered(long intendedAt, long sentAt, long completedAt)
    {
        var latency = Microseconds(completedAt - intendedAt);
        var service = Microseconds(completedAt - sentAt);
        lock (_lock)
        {
            _latency.RecordValue(latency);
            _serviceTime.RecordValue(service);
            _answered++;
        }

        Interlocked.Increment(ref _completed);
    }

    public void OnIncomplete() => OnFailed(IncompleteResponse);

    /// <summary>A call that failed for <paramref name="reason"/>: a status code, or what an <see cref="InferCaller"/> returned.</summary>
    public void OnFailed(string reason) => OnFailed(reason, 1);

    /// <summary>Open loop: requests the schedule called for but the sender never got out before the phase was cut off.</summary>
    public void OnNotSent(long count)
    {
        if (count > 0)
        {
            OnFailed(NotSent, count);
        }
    }

    private void OnFailed(string reason, long count)
    {
        lock (_lock)
        {
            _errors[reason] = _errors.GetValueOrDefault(reason) + count;
        }

        Interlocked.Add(ref _completed, count);
    }

    private static long Microseconds(long stopwatchTicks) =>
        Math.Clamp(stopwatchTicks * 1_000_000 / Stopwatch.Frequency, 0, HighestTrackableUs);
}
