namespace Granary.Silo.Serving;

/// <summary>What the server metadata endpoints of every protocol report: name, version, extensions, and the models' platform.</summary>
public sealed record ServerIdentity(string Name, string Version, IReadOnlyList<string> Extensions)
{
    public const string Platform = "onnxruntime_onnx";

    public static ServerIdentity Current { get; } = new(
        "granary",
        typeof(ServerIdentity).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        ["statistics", "binary_tensor_data"]);
}
