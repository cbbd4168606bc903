namespace Granary.Library;

/// <summary>The library's index, persisted: each model's tenant and bytes. Read to list models and check a plan's bounds, never per request.</summary>
public sealed class ModelLibraryGrain([PersistentState("library-index")] IPersistentState<ModelLibraryState> state) : Grain, IModelLibraryGrain
{
    public Task<IReadOnlyList<LibraryEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<LibraryEntry>>(state.State.Models.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToArray());

    public async Task SetAsync(string name, LibraryEntry? entry)
    {
        if (entry is null)
        {
            state.State.Models.Remove(name);
        }
        else
        {
            state.State.Models[name] = entry;
        }

        await state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("granary.ModelLibraryState")]
public sealed class ModelLibraryState
{
    [Id(0)]
    public Dictionary<string, LibraryEntry> Models { get; set; } = new(StringComparer.Ordinal);
}
