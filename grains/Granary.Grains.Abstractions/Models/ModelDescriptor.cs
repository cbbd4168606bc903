namespace Granary.Models;

/// <summary>
/// What the cluster knows of a model: its card, deployment, versions (oldest first) and how requests pick a
/// version (none: the newest ready one). The routing's id stands apart so fields added by other work do not collide.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.ModelDescriptor")]
public sealed record ModelDescriptor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Description,
    [property: Id(2)] string License,
    [property: Id(3)] string Owner,
    [property: Id(4)] DeploymentSpec Deployment,
    [property: Id(5)] IReadOnlyList<ModelVersionDescriptor> Versions,
    [property: Id(6)] IReadOnlyList<string> Tenants,
    [property: Id(20)] VersionRouting? Routing = null)
{
    public VersionRouting RoutingOrDefault => Routing ?? VersionRouting.Default;

    /// <summary>Whether a tenant may see the model: every tenant when the card names none.</summary>
    public bool IsVisibleTo(string tenantId) => Tenants.Count == 0 || Tenants.Contains(tenantId, StringComparer.Ordinal);

    /// <summary>The requested version, or the newest ready one when <paramref name="version"/> is 0.</summary>
    public ModelVersionDescriptor? Resolve(long version) =>
        version == 0
            ? Versions.LastOrDefault(v => v.State == ModelVersionState.Ready)
            : Versions.FirstOrDefault(v => v.Version == version);
}
