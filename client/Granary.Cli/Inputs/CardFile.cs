using Google.Protobuf;
using Granary.Protocol.V1;
using YamlDotNet.Serialization;

namespace Granary.Cli.Inputs;

/// <summary>A model card from a file: JSON, or YAML when the name ends in .yaml or .yml; the fields are ModelCard's (snake_case).</summary>
internal static class CardFile
{
    public static ModelCard Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new CommandInputException($"--card: cannot read {path}: {e.Message}", e);
        }

        try
        {
            var json = Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml" ? YamlAsJson(text) : text;
            return JsonParser.Default.Parse<ModelCard>(json);
        }
        catch (Exception e) when (e is InvalidJsonException or InvalidProtocolBufferException or YamlDotNet.Core.YamlException)
        {
            throw new CommandInputException($"--card: {path} is not a model card: {e.Message}", e);
        }
    }

    private static string YamlAsJson(string yaml)
    {
        var document = new DeserializerBuilder().Build().Deserialize<object>(yaml) ?? new Dictionary<object, object>();
        return new SerializerBuilder().JsonCompatible().Build().Serialize(document);
    }
}
