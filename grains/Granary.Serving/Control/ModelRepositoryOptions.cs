namespace Granary.Control;

/// <summary>Where models live on disk (<c>Granary:Repository</c>).</summary>
public sealed class ModelRepositoryOptions
{
    public const string Section = "Granary:Repository";

    /// <summary>The repository root: <c>&lt;path&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c>, shared by every silo.</summary>
    public string Path { get; set; } = ".granary/models";

    /// <summary>Writes the built-in demo models into the repository when they are missing.</summary>
    public bool DemoModels { get; set; } = true;
}
