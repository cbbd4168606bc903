using Granary.Logging;
using Granary.Models;
using Microsoft.Extensions.Logging;

namespace Granary.Library;

/// <summary>
/// One library model's metadata (name, tenant, card, deployment, versions by sha256), persisted in the cluster's
/// grain storage. Every change is mirrored to the library index, which lists models and sums a tenant's bytes.
/// </summary>
public sealed partial class LibraryModelGrain(
    [PersistentState("library-model")] IPersistentState<LibraryModelState> state,
    ILogger<LibraryModelGrain> logger) : Grain, ILibraryModelGrain
{
    private string Name => this.GetPrimaryKeyString();

    public Task<LibraryModel?> GetAsync() => Task.FromResult(state.State.Model);

    public async Task<LibraryModel> AddVersionAsync(string tenant, ModelCard card, DeploymentSpec deployment, LibraryModelVersion version)
    {
        var versions = state.State.Model?.Versions ?? [];
        if (version.Version == 0)
        {
            version = version with { Version = versions.Select(v => v.Version).DefaultIfEmpty(0).Max() + 1 };
        }
        else if (versions.Any(v => v.Version == version.Version))
        {
            throw new ModelVersionExistsException($"model '{Name}' has a version {version.Version} already; versions are immutable, register another");
        }

        var model = new LibraryModel(Name, tenant, card, deployment, versions.Append(version).OrderBy(v => v.Version).ToArray());
        await SaveAsync(model);
        LogVersionAdded(logger, Name, version.Version, version.Sha256, version.SizeBytes);
        return model;
    }

    public async Task<LibraryModel> UpdateCardAsync(ModelCard card)
    {
        var model = (state.State.Model ?? throw new Inference.ModelNotFoundException($"model '{Name}' not found")) with { Card = card };
        await SaveAsync(model);
        return model;
    }

    public async Task<LibraryModel?> DeleteVersionAsync(long version)
    {
        var model = state.State.Model;
        if (model is null || model.Versions.All(v => v.Version != version))
        {
            throw new Inference.ModelNotFoundException($"version {version} of model '{Name}' not found");
        }

        var left = model with { Versions = model.Versions.Where(v => v.Version != version).ToArray() };
        await SaveAsync(left.Versions.Count > 0 ? left : null);
        LogVersionDeleted(logger, Name, version);
        return state.State.Model;
    }

    private async Task SaveAsync(LibraryModel? model)
    {
        state.State.Model = model;
        if (model is null)
        {
            await state.ClearStateAsync();
        }
        else
        {
            await state.WriteStateAsync();
        }

        await GrainFactory.GetGrain<IModelLibraryGrain>(IModelLibraryGrain.Key)
            .SetAsync(Name, model is null ? null : new LibraryEntry(Name, model.Tenant, model.StoredBytes, model.Versions.Select(v => v.Sha256).Distinct().ToArray()));
    }

    [LoggerMessage(LogEvents.LibraryVersionAdded, LogLevel.Information, "Library model {Model} v{Version} registered: sha256 {Sha256}, {Bytes} bytes")]
    private static partial void LogVersionAdded(ILogger logger, string model, long version, string sha256, long bytes);

    [LoggerMessage(LogEvents.LibraryVersionDeleted, LogLevel.Information, "Library model {Model} v{Version} deleted")]
    private static partial void LogVersionDeleted(ILogger logger, string model, long version);
}

[GenerateSerializer, Alias("granary.LibraryModelState")]
public sealed class LibraryModelState
{
    [Id(0)]
    public LibraryModel? Model { get; set; }
}
