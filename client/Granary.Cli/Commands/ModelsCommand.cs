using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary models</c>: what the cluster serves, its versions and traffic, and new models for its repository.</summary>
internal static class ModelsCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("models", "List and describe the cluster's models, deploy, split and load their versions, report their service quality, or synthesize new ones.")
        {
            ModelsListCommand.Create(connection),
            ModelsMetadataCommand.Create(connection),
            ModelsQualityCommand.Create(connection),
            ModelsSynthCommand.Create(),
            ModelsDeployCommand.Create(connection),
            ModelsTrafficCommand.Create(connection),
            ModelsLoadCommand.Load(connection),
            ModelsLoadCommand.Unload(connection),
        };
}
