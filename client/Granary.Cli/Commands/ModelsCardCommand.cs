using System.CommandLine;
using System.Globalization;
using Granary.Cli.Output;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary models card NAME</c>: a model's card, and each version's state, signature and sha256.</summary>
internal static class ModelsCardCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "The model: a public name, or TENANT/NAME for a private one." };
        var command = new Command("card", "Show a model's card: what it is for, its limits, data, license and owner, and its versions.") { name };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            Write(Console.Out, await client.GetModelAsync(parseResult.GetRequiredValue(name), cancellationToken));
            return 0;
        });
        return command;
    }

    public static void Write(TextWriter output, ModelInfo model)
    {
        var card = model.Card ?? new ModelCard();
        output.WriteLine($"{model.Name}  ({model.Visibility}, from the {model.Source})");
        output.WriteLine();
        foreach (var (title, text) in new[]
                 {
                     ("Description", card.Description),
                     ("Intended use", card.IntendedUse),
                     ("Out of scope", card.OutOfScopeUse),
                     ("Limitations", card.Limitations),
                     ("Training data", card.TrainingData),
                     ("Evaluation data", card.EvaluationData),
                     ("Metrics", card.Metrics),
                     ("Ethical considerations", card.EthicalConsiderations),
                     ("License", card.License),
                     ("Owner", card.Owner),
                     ("Tags", string.Join(", ", card.Tags)),
                     ("Base model", card.BaseModel),
                 })
        {
            output.WriteLine($"{title + ":",-24}{(text.Length > 0 ? text : "-")}");
        }

        output.WriteLine();
        output.WriteLine("Versions:");
        var table = new TextTable("VERSION", "STATE", "REPLICAS", "SIZE", "SHA256", "INPUTS", "OUTPUTS");
        foreach (var version in model.Versions)
        {
            table.Add(
                version.Version,
                version.State,
                version.Replicas.ToString(CultureInfo.InvariantCulture),
                Size(version.SizeBytes),
                version.Sha256.Length > 0 ? version.Sha256 : "-",
                Signature(version.Inputs),
                Signature(version.Outputs));
        }

        table.Write(output, indent: "  ");
    }

    private static string Size(long bytes) => bytes switch
    {
        0 => "-",
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MiB"),
    };

    private static string Signature(IEnumerable<TensorSignature> tensors) =>
        string.Join(" ", tensors.Select(t => $"{t.Name}:{t.Datatype}{ShapeText.Format(t.Shape)}"));
}
