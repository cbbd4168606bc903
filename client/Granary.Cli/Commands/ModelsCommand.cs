using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary models</c>: what the cluster serves, its versions and traffic, new models for its repository, and the model library.</summary>
internal static class ModelsCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("models", "List and describe the cluster's models, deploy, split and load their versions, report their service quality, synthesize new ones, register them in the library and read their cards.")
        {
            ModelsListCommand.Create(connection),
            ModelsMetadataCommand.Create(connection),
            ModelsQualityCommand.Create(connection),
            ModelsSynthCommand.Create(),
            ModelsDeployCommand.Create(connection),
            ModelsTrafficCommand.Create(connection),
            ModelsLoadCommand.Load(connection),
            ModelsLoadCommand.Unload(connection),
            ModelsCardCommand.Create(connection),
            ModelsRegisterCommand.Create(connection),
        };
}
