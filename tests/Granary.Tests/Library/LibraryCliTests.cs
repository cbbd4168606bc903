using Granary.Cli;
using Granary.Cli.Commands;
using Granary.Protocol.V1;

namespace Granary.Tests.Library;

/// <summary><c>granary models register</c> with a YAML card, and <c>granary models card</c>'s rendering, against a real silo.</summary>
[Collection(LibrarySiloCollection.Name)]
public sealed class LibraryCliTests(LibrarySiloFixture silo)
{
    [Fact]
    public async Task Register_uploads_a_file_with_a_yaml_card_and_the_card_renders_every_field_and_the_sha256()
    {
        var (tenant, key) = await silo.TenantAsync("cli");
        var name = $"{tenant}/cli-mlp";
        var directory = Path.Combine(Path.GetTempPath(), "granary-tests", $"cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var model = Path.Combine(directory, "model.onnx");
            var card = Path.Combine(directory, "card.yaml");
            await File.WriteAllBytesAsync(model, LibraryFiles.Mlp());
            await File.WriteAllTextAsync(card, """
                description: Scores 64 features into 10 classes.
                intended_use: Trying out the library.
                limitations: Random weights.
                license: Apache-2.0
                owner: cli-tests
                tags: [demo, mlp]
                base_model: mlp-classifier
                """);

            var exitCode = await GranaryRootCommand.Create()
                .Parse(["models", "register", name, "--file", model, "--card", card, "--address", $"http://127.0.0.1:{silo.GrpcPort}", "--api-key", key])
                .InvokeAsync();

            Assert.Equal(0, exitCode);
            var info = await silo.Models(key).GetModelAsync(new GetModelRequest { Name = name });
            Assert.Equal(["demo", "mlp"], info.Card.Tags);
            var rendered = new StringWriter();
            ModelsCardCommand.Write(rendered, info);
            var text = rendered.ToString();
            Assert.Contains("Intended use:           Trying out the library.", text);
            Assert.Contains("Tags:                   demo, mlp", text);
            Assert.Contains(info.Versions[0].Sha256, text);
            Assert.Contains("input:FP32[-1, 64]", text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
