using System.Collections.Concurrent;
using Granary.FrontDoor.Ports;
using Granary.Hosting;
using Microsoft.Extensions.Hosting;

namespace Granary.Tenants.Admission;

/// <summary>This silo's quota gate per tenant, and the sweep that gives an idle tenant's unspent allowance back.</summary>
public sealed class QuotaGates(IGrainFactory grains, ILocalSiloDetails silo, TimeProvider time) : BackgroundService, IAdmissionControl
{
    private static readonly TimeSpan SweepEvery = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, QuotaGate> _gates = new(StringComparer.Ordinal);

    public QuotaGate For(string tenantId) =>
        _gates.GetOrAdd(tenantId, id => new QuotaGate(id, silo.SiloAddress.ToParsableString(), grains.GetGrain<IQuotaGrain>(id), time));

    public ValueTask<Admission> AdmitAsync(string tenantId, long units) => For(tenantId).AdmitAsync(units);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Periodically.RunAsync(SweepEvery, SweepAsync, stoppingToken);

    private async Task SweepAsync()
    {
        var idleSince = time.GetTimestamp() - (long)(IdleAfter.TotalSeconds * time.TimestampFrequency);
        foreach (var gate in _gates.Values.Where(g => g.IdleSince(idleSince)))
        {
            await Task.WhenAny(gate.ReturnUnusedAsync());
        }
    }
}
