using Granary.Logging;
using Granary.Hosting;
using Granary.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Granary.Control;

/// <summary>
/// Runs on every silo: every few seconds it calls each model's controller, so a controller (and with it the
/// reconciling of replicas) that was lost with its silo is re-activated on a live one without waiting for traffic.
/// </summary>
public sealed partial class ModelSupervisor(ModelCatalog catalog, IGrainFactory grains, ILogger<ModelSupervisor> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Periodically.RunAsync(Period, SuperviseAllAsync, stoppingToken);

    private async Task SuperviseAllAsync()
    {
        IReadOnlyList<string> names;
        try
        {
            names = await catalog.ModelNamesAsync();
        }
        catch (Exception e)
        {
            LogSuperviseFailed(logger, "(library index)", e.Message);
            return;
        }

        foreach (var name in names)
        {
            try
            {
                await grains.GetGrain<IModelGrain>(name).SuperviseAsync();
            }
            catch (Exception e)
            {
                LogSuperviseFailed(logger, name, e.Message);
            }
        }
    }

    [LoggerMessage(LogEvents.SuperviseFailed, LogLevel.Debug, "Supervising model {Model} failed this round: {Reason}")]
    private static partial void LogSuperviseFailed(ILogger logger, string model, string reason);
}
