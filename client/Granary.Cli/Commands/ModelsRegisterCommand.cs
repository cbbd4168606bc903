using System.CommandLine;
using Granary.Cli.Inputs;
using Granary.Cli.Output;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary models register NAME --file model.onnx --card card.yaml</c>: uploads a version into the library.</summary>
internal static class ModelsRegisterCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "A public name (admins), or TENANT/NAME for a tenant's private model." };
        var file = new Option<FileInfo>("--file") { Description = "The ONNX model file.", Required = true };
        var card = new Option<FileInfo?>("--card") { Description = "The model card: JSON, or YAML (.yaml, .yml); fields as in granary.v1.ModelCard." };
        var version = new Option<long>("--version") { Description = "The version to register; the next one when left out.", DefaultValueFactory = _ => 0 };
        var replicas = new Option<int?>("--replicas") { Description = "Replicas to start; 1 when left out." };
        var device = new Option<string>("--device") { Description = "cpu or gpu.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("register", "Upload an ONNX file as a new version of a model in the library, with its card.") { name, file, card, version, replicas, device };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CommandInputException($"--file: {path.FullName} does not exist");
            }

            var header = new ModelUploadHeader
            {
                Name = parseResult.GetRequiredValue(name),
                Version = parseResult.GetValue(version),
                Card = parseResult.GetValue(card) is { } cardFile ? CardFile.Read(cardFile.FullName) : new ModelCard(),
                Deployment = new ModelDeploymentRequest { Device = parseResult.GetValue(device) ?? "cpu" },
            };
            if (parseResult.GetValue(replicas) is { } count)
            {
                header.Deployment.Replicas = count;
            }

            using var client = connection.CreateClient(parseResult);
            await using var stream = path.OpenRead();
            var bar = new ProgressBar(Console.Error, path.Length);
            var registered = await client.RegisterModelVersionAsync(header, stream, new SynchronousProgress(bar.Show), cancellationToken);
            bar.Done();
            Console.Out.WriteLine($"registered {registered.Name} v{registered.Version}: {registered.SizeBytes} bytes, sha256 {registered.Sha256}");
            return 0;
        });
        return command;
    }

    /// <summary>Reports on the uploading thread, in order: <see cref="Progress{T}"/> would post to the thread pool.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
