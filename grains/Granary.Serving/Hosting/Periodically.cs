namespace Granary.Hosting;

/// <summary>The loop of a silo's background chores: one tick every period until the silo stops, and a quiet end when it does.</summary>
public static class Periodically
{
    public static async Task RunAsync(TimeSpan period, Func<Task> tick, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await tick();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping is the end of the loop, not a failure.
        }
    }
}
