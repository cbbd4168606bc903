using System.Diagnostics;

namespace Granary.LoadTests.Load;

/// <summary>
/// A fixed number of callers, each sending its next request as soon as the last is answered. Each phase ends at
/// its duration or its request budget, whichever comes first; calls still hanging well past the end are cancelled.
/// </summary>
public sealed class ClosedLoopRunner(InferCaller calls)
{
    /// <summary>How long answers may trail the end of a phase before their calls are cancelled.</summary>
    public static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(10);

    public async Task<PhaseOutcome> RunAsync(int concurrency, TimeSpan duration, long maxRequests, string label, CancellationToken cancellationToken)
    {
        var recorder = new PhaseRecorder();
        var budget = new RequestBudget(maxRequests);
        using var overrun = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overrun.CancelAfter(duration + DrainGrace);
        await using (ProgressLine.Start(label, recorder))
        {
            var started = Stopwatch.GetTimestamp();
            var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var callers = new Task[concurrency];
            for (var i = 0; i < concurrency; i++)
            {
                var caller = i;
                callers[i] = Task.Run(() => CallerAsync(caller, deadline, budget, recorder, overrun.Token), CancellationToken.None);
            }

            await Task.WhenAll(callers);
            cancellationToken.ThrowIfCancellationRequested();
            return new PhaseOutcome(recorder, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task CallerAsync(int caller, long deadline, RequestBudget budget, PhaseRecorder recorder, CancellationToken cancellationToken)
    {
        var sequence = (long)caller;
        while (Stopwatch.GetTimestamp() < deadline && budget.TryTake() && !cancellationToken.IsCancellationRequested)
        {
            var sentAt = Stopwatch.GetTimestamp();
            if (await calls.CallAsync(sequence++, caller, cancellationToken) is { } error)
            {
                recorder.OnFailed(error);
            }
            else
            {
                recorder.OnAnswered(sentAt, sentAt, Stopwatch.GetTimestamp());
            }
        }
    }
}
