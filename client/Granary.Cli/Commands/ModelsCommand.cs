using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary models</c>: what the cluster serves, new models for its repository, and the model library.</summary>
internal static class ModelsCommand
{
    public static Command Create(ConnectionOptions connection) =>
        new("models", "List and describe the cluster's models, synthesize new ones, register them in the library and read their cards.")
        {
            ModelsListCommand.Create(connection),
            ModelsMetadataCommand.Create(connection),
            ModelsSynthCommand.Create(),
            ModelsCardCommand.Create(connection),
            ModelsRegisterCommand.Create(connection),
        };
}
