using System.Collections.Concurrent;
using Granary.Hosting;
using Microsoft.Extensions.Hosting;

namespace Granary.Tenants.Admission;

/// <summary>When each key was last used on this silo, sent to the tenant grains every few seconds, never per request.</summary>
public sealed class KeyUsage(IGrainFactory grains) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(10);

    private ConcurrentDictionary<(string Tenant, string Key), DateTimeOffset> _lastUsed = new();

    public void Record(string tenantId, string keyId, DateTimeOffset at) => _lastUsed[(tenantId, keyId)] = at;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Periodically.RunAsync(FlushEvery, FlushAsync, stoppingToken);

    private async Task FlushAsync()
    {
        var batch = Interlocked.Exchange(ref _lastUsed, new());
        foreach (var tenant in batch.GroupBy(e => e.Key.Tenant))
        {
            await Task.WhenAny(grains.GetGrain<ITenantGrain>(tenant.Key).RecordKeyUseAsync(tenant.ToDictionary(e => e.Key.Key, e => e.Value)));
        }
    }
}
