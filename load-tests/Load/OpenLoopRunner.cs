using System.Diagnostics;

namespace Granary.LoadTests.Load;

/// <summary>
/// Requests sent on a fixed schedule whatever the answers do. Latency counts from each request's intended send
/// time, so a stalled server (or a stalled sender) shows in the tail instead of silently lowering the rate: the
/// coordinated-omission correction. The time from the actual send is kept too, as the service time.
/// </summary>
public sealed class OpenLoopRunner(InferCaller calls, int maxInFlight)
{
    /// <summary>Below this a sleep would overshoot (Linux sleeps are about a millisecond long), so the sender yields instead.</summary>
    private static readonly TimeSpan SleepAbove = TimeSpan.FromMilliseconds(1.3);

    public async Task<PhaseOutcome> RunAsync(int rate, TimeSpan duration, long maxRequests, string label, CancellationToken cancellationToken)
    {
        var recorder = new PhaseRecorder();
        var total = Math.Min(maxRequests, (long)Math.Ceiling(rate * duration.TotalSeconds));
        using var overrun = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overrun.CancelAfter(duration + ClosedLoopRunner.DrainGrace);
        using var slots = new SemaphoreSlim(maxInFlight);
        await using (ProgressLine.Start(label, recorder))
        {
            var started = Stopwatch.GetTimestamp();

            // A thread of its own, not timers: timer callbacks arrive a millisecond or more late, and every late send
            // would be charged to the server as latency.
            var inFlight = await Task.Factory.StartNew(
                () => Send(rate, total, started, recorder, slots, overrun.Token),
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            await Task.WhenAll(inFlight);
            cancellationToken.ThrowIfCancellationRequested();
            return new PhaseOutcome(recorder, Stopwatch.GetElapsedTime(started));
        }
    }

    private List<Task> Send(int rate, long total, long started, PhaseRecorder recorder, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>();
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var sent = 0L;
        try
        {
            for (; sent < total; sent++)
            {
                var intendedAt = started + (long)(sent * ticksPerRequest);
                WaitUntil(intendedAt, cancellationToken);
                slots.Wait(cancellationToken);
                inFlight.Add(SendAsync(sent, intendedAt, recorder, slots, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            // Past the grace period the sender stops; what it never sent is counted as failed, not left out.
        }

        recorder.OnNotSent(total - sent);
        return inFlight;
    }

    private static void WaitUntil(long timestamp, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (remaining > SleepAbove)
            {
                Thread.Sleep(remaining - SleepAbove + TimeSpan.FromMilliseconds(1));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private async Task SendAsync(long sequence, long intendedAt, PhaseRecorder recorder, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var sentAt = Stopwatch.GetTimestamp();
            if (await calls.CallAsync(sequence, caller: null, cancellationToken) is { } error)
            {
                recorder.OnFailed(error);
            }
            else
            {
                recorder.OnAnswered(intendedAt, sentAt, Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            slots.Release();
        }
    }
}
