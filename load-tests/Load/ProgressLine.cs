using System.Diagnostics;
using System.Globalization;

namespace Granary.LoadTests.Load;

/// <summary>One line on stderr while a phase runs, rewritten every second: elapsed, requests so far, current rate.</summary>
public sealed class ProgressLine : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _width;

    private ProgressLine(string label, PhaseRecorder recorder)
    {
        _loop = RunAsync(label, recorder, _stop.Token);
    }

    public static ProgressLine Start(string label, PhaseRecorder recorder) => new(label, recorder);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Write("");
        Console.Error.Write('\r');
        _stop.Dispose();
    }

    private async Task RunAsync(string label, PhaseRecorder recorder, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var lastTime = started;
        var lastCount = 0L;
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Stopwatch.GetTimestamp();
                var count = recorder.Completed;
                var rate = (count - lastCount) / Stopwatch.GetElapsedTime(lastTime, now).TotalSeconds;
                Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {label}  {Stopwatch.GetElapsedTime(started, now).TotalSeconds,4:F0} s  {count,10:N0} requests  {rate,9:N0} req/s"));
                lastTime = now;
                lastCount = count;
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over; DisposeAsync clears the line.
        }
    }

    private void Write(string text)
    {
        Console.Error.Write('\r' + text.PadRight(_width));
        _width = text.Length;
    }
}
