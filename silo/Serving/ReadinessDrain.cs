using Granary.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Serving;

/// <summary>
/// The first step of a graceful stop: readiness turns false at once, and for <see cref="HealthOptions.DrainDelay"/>
/// the silo still serves (Kestrel is stopped only after every service's <c>StoppingAsync</c>), so probes see it leave.
/// </summary>
public sealed partial class ReadinessDrain(ServerReadiness readiness, IOptions<HealthOptions> options, ILogger<ReadinessDrain> logger) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        var delay = options.Value.DrainDelay;
        LogDraining(logger, delay.TotalSeconds);
        return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogEvents.Draining, LogLevel.Information, "Draining: not ready from now, still serving for {Seconds} s, then finishing the calls in flight")]
    private static partial void LogDraining(ILogger logger, double seconds);
}
