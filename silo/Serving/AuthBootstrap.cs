using Granary.Hosting;
using Granary.Logging;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Serving;

/// <summary>
/// On a cluster's first start (<c>Granary:Auth:Bootstrap</c>, on by default), issues an admin key and a
/// <c>demo</c> tenant's key and prints both, once: the cluster keeps only their hashes.
/// </summary>
public sealed partial class AuthBootstrap(
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    IOptions<AuthOptions> options,
    ILogger<AuthBootstrap> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !options.Value.Bootstrap)
        {
            return;
        }

        if (!await HostStarted.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        var keys = await grains.GetGrain<IAuthBootstrapGrain>(IAuthBootstrapGrain.Key).RunOnceAsync();
        if (keys is null)
        {
            return;
        }

        Console.Out.WriteLine($"""

            First start: Granary issued these keys. They are shown only now; the cluster keeps hashes.
              admin key:              {keys.AdminKey}
              tenant '{keys.DemoTenant}' key:      {keys.DemoKey}
            Call a model:  granary --api-key {keys.DemoKey} infer --model mlp-classifier --random
            Administer:    GRANARY_API_KEY={keys.AdminKey} granary tenants list

            """);
        LogBootstrapped(logger, keys.DemoTenant);
    }

    [LoggerMessage(LogEvents.Bootstrapped, LogLevel.Warning, "First start: issued an admin key and a key for tenant '{Tenant}' (printed above, once)")]
    private static partial void LogBootstrapped(ILogger logger, string tenant);
}
