using System.Globalization;

namespace Granary.Devices;

/// <summary>What a model replica needs from the silo that hosts it: a device class, memory on it, and labels.</summary>
public sealed record PlacementRequirement(DeviceKind Kind, long MemoryBytes, IReadOnlyDictionary<string, string> RequiredLabels)
{
    public bool Accepts(DeviceDescriptor device) => device.Kind == Kind;

    public bool AcceptsLabels(IReadOnlyDictionary<string, string> labels) =>
        RequiredLabels.All(required => labels.TryGetValue(required.Key, out var value) && value == required.Value);

    /// <summary>For error messages: "GPU silo with 6.0 GiB free in region=eu".</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind.ToString().ToUpperInvariant()} silo with {MemoryBytes / (double)(1L << 30):0.0} GiB free")
        + (RequiredLabels.Count == 0 ? "" : " in " + string.Join(", ", RequiredLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")));
}
