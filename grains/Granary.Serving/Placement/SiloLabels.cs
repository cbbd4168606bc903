using Microsoft.Extensions.Configuration;

namespace Granary.Placement;

/// <summary>
/// What a silo tells the cluster about itself, published as Orleans silo metadata: where it serves gRPC
/// and its labels (<c>Granary:Labels</c>, such as region and zone) for placement and the cluster API.
/// </summary>
public static class SiloLabels
{
    public const string Section = "Granary:Labels";

    public const string GrpcEndpointKey = "granary.grpc";

    public const string LabelPrefix = "label.";

    /// <summary>The configured labels as metadata entries (<c>label.region</c> = <c>eu</c>).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Metadata(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren()
            .Where(label => !string.IsNullOrWhiteSpace(label.Value))
            .Select(label => new KeyValuePair<string, string>(LabelPrefix + label.Key, label.Value!));

    public static Dictionary<string, string> Labels(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Where(m => m.Key.StartsWith(LabelPrefix, StringComparison.Ordinal))
            .ToDictionary(m => m.Key[LabelPrefix.Length..], m => m.Value, StringComparer.Ordinal);
}
