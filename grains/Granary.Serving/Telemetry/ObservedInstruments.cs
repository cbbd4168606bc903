using Microsoft.Extensions.Hosting;

namespace Granary.Telemetry;

/// <summary>
/// Creates the instruments that are only read at scrape time (devices, replicas) when the host starts: an observable
/// instrument exists once its owner is constructed, and nothing else on the request path would construct these early.
/// </summary>
internal sealed class ObservedInstruments(DeviceInstruments devices, ReplicaInstruments replicas) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(devices);
        GC.KeepAlive(replicas);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
