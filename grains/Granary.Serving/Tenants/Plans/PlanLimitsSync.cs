using Granary.Hosting;
using Granary.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Tenants.Plans;

/// <summary>
/// Once a silo has started, brings every tenant's quota to its plan as this silo's configuration has it
/// (<see cref="ITenantGrain.ApplyPlanAsync"/>), so a plan changed in configuration reaches the tenants already on it
/// when the silos restart with it. A pass that fails (the store away) is tried again until one completes.
/// </summary>
public sealed partial class PlanLimitsSync(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<PlanLimitsSync> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStarted.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var changed = 0;
                foreach (var tenant in await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).ListAsync())
                {
                    changed += await grains.GetGrain<ITenantGrain>(tenant).ApplyPlanAsync() ? 1 : 0;
                }

                LogSynced(logger, changed);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSyncFailed(logger, RetryEvery.TotalSeconds, e.Message);
            }

            try
            {
                await Task.Delay(RetryEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(LogEvents.PlanSyncDone, LogLevel.Information, "Plans checked against every tenant's quota: {Changed} tenant(s) changed")]
    private static partial void LogSynced(ILogger logger, int changed);

    [LoggerMessage(LogEvents.PlanSyncFailed, LogLevel.Warning, "Tenants' quotas could not be checked against their plans now; trying again in {Seconds} s: {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, double seconds, string reason);
}
