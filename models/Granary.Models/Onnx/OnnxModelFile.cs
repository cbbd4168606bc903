using Google.Protobuf;
using Granary.Models.Onnx.Schema;

namespace Granary.Models.Onnx;

/// <summary>Reads and writes ONNX model files (a serialized <see cref="ModelProto"/>).</summary>
public static class OnnxModelFile
{
    public static void Write(ModelProto model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            model.WriteTo(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static ModelProto Read(string path)
    {
        using var stream = File.OpenRead(path);
        return ModelProto.Parser.ParseFrom(stream);
    }
}
