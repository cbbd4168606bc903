using System.CommandLine;
using Granary.Cli.Output;

namespace Granary.Cli.Commands;

/// <summary><c>granary models list</c>: every model with its versions' states and its description.</summary>
internal static class ModelsListCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var command = new Command("list", "List every model the cluster knows, with the state of each version.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            var models = await client.ListModelsAsync(cancellationToken);
            var table = new TextTable("NAME", "VERSIONS", "DESCRIPTION");
            foreach (var model in models)
            {
                table.Add(model.Name, string.Join(", ", model.Versions.Select(v => $"{v.Version} {v.State}")), model.Description);
            }

            table.Write(Console.Out);
            return 0;
        });
        return command;
    }
}
