using Granary.Library;

namespace Granary.Control;

/// <summary>
/// Every model the control plane serves, from its two sources: the disk repository (seeded models) first, then
/// the library (uploaded models, the same on every silo). Controllers, placement and replicas read models here.
/// </summary>
public sealed class ModelCatalog(ModelRepository repository, IGrainFactory grains, ModelFileCache cache)
{
    public async Task<IReadOnlyList<string>> ModelNamesAsync()
    {
        var library = await grains.GetGrain<IModelLibraryGrain>(IModelLibraryGrain.Key).ListAsync();
        return repository.ModelNames().Concat(library.Select(e => e.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The model, or null when neither source has it.</summary>
    public async ValueTask<RepositoryModel?> FindAsync(string name)
    {
        if (repository.Find(name) is { } seeded)
        {
            return seeded;
        }

        return LibraryNames.TenantOf(name) is not null && await grains.GetGrain<ILibraryModelGrain>(name).GetAsync() is { } model
            ? Of(model)
            : null;
    }

    /// <summary>The file ONNX Runtime loads: a library version's cached copy, fetched and verified when needed.</summary>
    public Task<string> LocalFileAsync(RepositoryModelVersion version, CancellationToken cancellationToken = default) =>
        version.Sha256.Length == 0 ? Task.FromResult(version.FilePath) : cache.EnsureAsync(version.Sha256, cancellationToken);

    private static RepositoryModel Of(LibraryModel model) => new(
        model.Name,
        model.Card.Description,
        model.Card.License,
        model.Card.Owner,
        model.Deployment,
        model.Versions.Select(v => new RepositoryModelVersion(v.Version, "", v.Inputs, v.Outputs, null, v.Sha256)).ToArray(),
        model.Tenant.Length == 0 ? [] : [model.Tenant]);
}
