namespace Granary.Silo.Hosting;

/// <summary>
/// What a silo tells the cluster about itself, published as Orleans silo metadata: where it serves gRPC
/// and its labels (<c>Granary:Labels</c>, such as region and zone) for placement and the cluster API.
/// </summary>
public static class SiloLabels
{
    public const string Section = "Granary:Labels";

    public const string GrpcEndpointKey = "granary.grpc";

    public const string LabelPrefix = "label.";

    public static Dictionary<string, string> Metadata(IConfiguration configuration, string grpcEndpoint)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [GrpcEndpointKey] = grpcEndpoint };
        foreach (var label in configuration.GetSection(Section).GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(label.Value))
            {
                metadata[LabelPrefix + label.Key] = label.Value;
            }
        }

        return metadata;
    }

    public static Dictionary<string, string> Labels(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Where(m => m.Key.StartsWith(LabelPrefix, StringComparison.Ordinal))
            .ToDictionary(m => m.Key[LabelPrefix.Length..], m => m.Value, StringComparer.Ordinal);
}
