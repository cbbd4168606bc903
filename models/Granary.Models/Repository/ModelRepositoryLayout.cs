namespace Granary.Models.Repository;

/// <summary>
/// The on-disk repository, as in Triton: <c>&lt;root&gt;/&lt;model&gt;/model.json</c> and
/// <c>&lt;root&gt;/&lt;model&gt;/&lt;version&gt;/model.onnx</c>, versions being positive integers.
/// </summary>
public static class ModelRepositoryLayout
{
    public const string ConfigFileName = "model.json";
    public const string ModelFileName = "model.onnx";

    public static string ConfigPath(string root, string model) => Path.Combine(root, model, ConfigFileName);

    public static string ModelPath(string root, string model, long version) =>
        Path.Combine(root, model, version.ToString(System.Globalization.CultureInfo.InvariantCulture), ModelFileName);

    public static IEnumerable<string> ModelNames(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Where(IsValidName).Order(StringComparer.Ordinal)
            : [];

    /// <summary>The versions of a model that have a model file, oldest first.</summary>
    public static IEnumerable<long> Versions(string root, string model) =>
        Directory.EnumerateDirectories(Path.Combine(root, model))
            .Select(Path.GetFileName)
            .Select(name => long.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0)
            .Where(v => v > 0 && File.Exists(ModelPath(root, model, v)))
            .Order();

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && name[0] != '.';
}
