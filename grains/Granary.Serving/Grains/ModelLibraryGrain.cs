using Granary.Logging;
using Microsoft.Extensions.Logging;

namespace Granary.Library;

/// <summary>
/// The library's index, persisted: each model's tenant, bytes and files. Read to list models and check a plan's bounds,
/// never per request. It also keeps the holds of uploads being registered, in memory, and removes files no model names:
/// one grain, one call at a time, so a tenant's uploads are counted against its plan one after the other, and a file is
/// never removed between an upload storing it and the index recording it.
/// </summary>
public sealed partial class ModelLibraryGrain(
    [PersistentState("library-index")] IPersistentState<ModelLibraryState> state,
    IModelBlobStore store,
    TimeProvider time,
    ILogger<ModelLibraryGrain> logger)
    : Grain, IModelLibraryGrain
{
    /// <summary>How long a hold outlives a silo that died before releasing it.</summary>
    private static readonly TimeSpan HoldLifetime = TimeSpan.FromMinutes(5);

    private readonly Dictionary<Guid, LibraryHold> _holds = [];

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

    public Task<Guid> HoldAsync(string tenant, string name, string sha256, long bytes, LibraryPlanRoom? room)
    {
        var now = time.GetUtcNow();
        foreach (var (id, _) in _holds.Where(h => h.Value.Expires <= now).ToArray())
        {
            _holds.Remove(id);
        }

        if (room is not null)
        {
            EnsureRoom(tenant, name, bytes, room);
        }

        var hold = Guid.NewGuid();
        _holds[hold] = new LibraryHold(tenant, name, sha256, bytes, now + HoldLifetime);
        return Task.FromResult(hold);
    }

    public Task ReleaseAsync(Guid hold)
    {
        _holds.Remove(hold);
        return Task.CompletedTask;
    }

    public async Task<bool> CollectAsync(string sha256)
    {
        var models = state.State.Models.Values;
        if (models.Any(e => e.Files is null || e.Files.Contains(sha256)) || _holds.Values.Any(h => h.Sha256 == sha256 && h.Expires > time.GetUtcNow()))
        {
            return false;
        }

        await store.DeleteAsync(sha256, CancellationToken.None);
        LogCollected(logger, sha256);
        return true;
    }

    private void EnsureRoom(string tenant, string name, long bytes, LibraryPlanRoom room)
    {
        var owned = state.State.Models.Values.Where(e => e.Tenant == tenant).ToArray();
        var held = _holds.Values.Where(h => h.Tenant == tenant).ToArray();
        var models = owned.Select(e => e.Name).Concat(held.Select(h => h.Name)).ToHashSet(StringComparer.Ordinal);
        if (!models.Contains(name) && models.Count >= room.MaxModels)
        {
            throw new LibraryLimitExceededException(
                $"tenant '{tenant}' has {models.Count} models (uploads in progress included), the most its plan allows (max_models {room.MaxModels})", "max_models");
        }

        var stored = owned.Sum(e => e.StoredBytes) + held.Sum(h => h.Bytes);
        if (stored + bytes > room.MaxBytes)
        {
            throw new LibraryLimitExceededException(
                $"tenant '{tenant}' stores {stored} bytes (uploads in progress included); {bytes} more would pass its plan's max_bytes {room.MaxBytes}", "max_bytes");
        }
    }

    [LoggerMessage(LogEvents.LibraryFileCollected, LogLevel.Information, "Model file {Sha256} removed from the library's store: no model names it any more")]
    private static partial void LogCollected(ILogger logger, string sha256);

    private sealed record LibraryHold(string Tenant, string Name, string Sha256, long Bytes, DateTimeOffset Expires);
}

[GenerateSerializer, Alias("granary.ModelLibraryState")]
public sealed class ModelLibraryState
{
    [Id(0)]
    public Dictionary<string, LibraryEntry> Models { get; set; } = new(StringComparer.Ordinal);
}
