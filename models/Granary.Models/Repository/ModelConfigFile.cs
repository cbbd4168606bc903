using System.Text.Json;

namespace Granary.Models.Repository;

/// <summary>Reads and writes <c>model.json</c>, naming the file and the field when it is malformed.</summary>
public static class ModelConfigFile
{
    public static ModelConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            return new ModelConfig();
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, ModelConfigJsonContext.Default.ModelConfig) ?? new ModelConfig();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static void Write(ModelConfig config, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(config, ModelConfigJsonContext.Default.ModelConfig) + "\n");
    }
}
