using Granary.Logging;
using Granary.Control;
using Granary.Models.Repository;
using Microsoft.Extensions.Options;

namespace Granary.Silo.Serving;

/// <summary>Writes the built-in demo models into the repository on first run, before the silo starts.</summary>
public sealed partial class DemoModelsInitializer(IOptions<ModelRepositoryOptions> options, ModelRepository repository, ILogger<DemoModelsInitializer> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DemoModels)
        {
            var written = DemoRepository.EnsureCreated(repository.Root);
            if (written.Count > 0)
            {
                LogDemoModelsWritten(logger, string.Join(", ", written), repository.Root);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogEvents.DemoModelsWritten, LogLevel.Information, "Wrote demo models {Models} to {Root}")]
    private static partial void LogDemoModelsWritten(ILogger logger, string models, string root);
}
