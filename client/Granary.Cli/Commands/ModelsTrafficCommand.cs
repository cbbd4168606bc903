using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary><c>granary models traffic NAME v1=90 v2=10</c>: splits a model's unpinned requests between versions.</summary>
internal static class ModelsTrafficCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var shares = new Argument<string[]>("shares") { Description = "VERSION=PERCENT for each version, adding up to 100, such as v1=90 v2=10.", Arity = ArgumentArity.ZeroOrMore };
        var clear = new Option<bool>("--clear") { Description = "Remove the split: unpinned requests go to the newest ready version again." };
        var command = new Command("traffic", "Split a model's unpinned requests between versions with identical signatures (admin key).") { name, shares, clear };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var split = ModelVersionArguments.ParseTraffic(parseResult.GetValue(shares) ?? []);
            if ((split.Count == 0) != parseResult.GetValue(clear))
            {
                throw new CommandInputException("name the shares (such as v1=90 v2=10), or pass --clear alone to remove the split");
            }

            using var client = connection.CreateClient(parseResult);
            ModelVersionsTable.Write(Console.Out, await client.SetTrafficAsync(parseResult.GetRequiredValue(name), split, cancellationToken));
            return 0;
        });
        return command;
    }
}
