using Granary.Hosting;
using Granary.Logging;
using Granary.Control;
using Granary.Models;
using Granary.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Serving;

/// <summary>
/// Once the silo and gRPC are up, asks every model in the repository to load its replicas, reports
/// where the silo listens and which models are ready, then marks the server ready.
/// </summary>
public sealed partial class ModelWarmup(
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    ModelRepository repository,
    ModelCatalog catalog,
    ServerReadiness readiness,
    IOptions<GrpcEndpointOptions> grpc,
    ILogger<ModelWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await HostStarted.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        lifetime.ApplicationStopping.Register(readiness.MarkStopping);
        LogListening(logger, $"http://{grpc.Value.Host}:{grpc.Value.Port}", repository.Root);
        var loads = (await catalog.ModelNamesAsync()).Select(name => grains.GetGrain<IModelGrain>(name).EnsureReplicasAsync()).ToArray();
        foreach (var load in loads)
        {
            try
            {
                await load.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWarmupFailed(logger, e);
            }
        }

        readiness.MarkReady();
        LogReady(logger, loads.Count(l => l.IsCompletedSuccessfully && l.Result?.Versions.Any(v => v.State == ModelVersionState.Ready) == true));
    }

    [LoggerMessage(LogEvents.Listening, LogLevel.Information, "Granary serves the Open Inference Protocol on {Address} (models from {Root})")]
    private static partial void LogListening(ILogger logger, string address, string root);

    [LoggerMessage(LogEvents.Ready, LogLevel.Information, "Granary is ready: {Models} model(s) serving")]
    private static partial void LogReady(ILogger logger, int models);

    [LoggerMessage(LogEvents.WarmupFailed, LogLevel.Error, "A model failed to load at start")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
