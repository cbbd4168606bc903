using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary models</c>: what the cluster serves, and new models for its repository.</summary>
internal static class ModelsCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("models", "List and describe the cluster's models, report their service quality, or synthesize new ones.")
        {
            ModelsListCommand.Create(connection),
            ModelsMetadataCommand.Create(connection),
            ModelsQualityCommand.Create(connection),
            ModelsSynthCommand.Create(),
        };
}
