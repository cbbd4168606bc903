using System.Text;
using Granary.Models.Onnx;
using Granary.Models.Synthesis;
using Granary.Protocol.V1;

namespace Granary.Tests.Library;

/// <summary>Model files for uploads, written by the project's own ONNX writer, and the broken files a library must refuse.</summary>
public static class LibraryFiles
{
    /// <summary>The demo classifier (64 features in, 10 scores out) as the bytes of an .onnx file.</summary>
    public static byte[] Mlp(int seed = 7)
    {
        var path = Path.Combine(Path.GetTempPath(), "granary-tests", $"upload-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxModelFile.Write(ModelSynthesizer.Mlp(MlpSpec.DemoClassifier with { Seed = seed }), path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A valid file whose first bytes are overwritten: no protobuf field can be read from it.</summary>
    public static byte[] Corrupt()
    {
        var bytes = Mlp();
        Array.Fill(bytes, (byte)0xFF, 0, 16);
        return bytes;
    }

    public static byte[] Truncated()
    {
        var bytes = Mlp();
        return bytes[..(bytes.Length / 2)];
    }

    public static byte[] NotOnnx() => Encoding.UTF8.GetBytes("this is a README, not a model\n" + new string('x', 4000));

    /// <summary>A card with every field a public model needs.</summary>
    public static ModelCard CompleteCard(string description = "classifies 64 features into 10 classes") => new()
    {
        Description = description,
        IntendedUse = "tests of the model library",
        Limitations = "random weights: its answers mean nothing",
        License = "Apache-2.0",
        Owner = "granary-tests",
        Tags = { "test", "mlp" },
    };
}
