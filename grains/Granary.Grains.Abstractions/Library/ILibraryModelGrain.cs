using Granary.Models;

namespace Granary.Library;

/// <summary>One per library model name: its card, deployment and versions, persisted. Never holds a file.</summary>
[Alias("granary.ILibraryModelGrain")]
public interface ILibraryModelGrain : IGrainWithStringKey
{
    /// <summary>The model, or null when the library has no model of that name.</summary>
    [Alias("Get")]
    Task<LibraryModel?> GetAsync();

    /// <summary>
    /// Adds a version whose file is already in the blob store; the card and deployment become the model's.
    /// Throws <see cref="ModelVersionExistsException"/> when the version is taken.
    /// </summary>
    [Alias("AddVersion")]
    Task<LibraryModel> AddVersionAsync(string tenant, ModelCard card, DeploymentSpec deployment, LibraryModelVersion version);

    [Alias("UpdateCard")]
    Task<LibraryModel> UpdateCardAsync(ModelCard card);

    /// <summary>Removes a version; the model goes with its last one. Returns what is left, or null.</summary>
    [Alias("DeleteVersion")]
    Task<LibraryModel?> DeleteVersionAsync(long version);
}

/// <summary>The index of the library: every model name, its tenant and bytes, for listing and the plan's bounds.</summary>
[Alias("granary.IModelLibraryGrain")]
public interface IModelLibraryGrain : IGrainWithStringKey
{
    public const string Key = "library";

    [Alias("List")]
    Task<IReadOnlyList<LibraryEntry>> ListAsync();

    /// <summary>Records a model as it now stands; null removes it.</summary>
    [Alias("Set")]
    Task SetAsync(string name, LibraryEntry? entry);

    /// <summary>
    /// Holds an upload's file (by sha256) from before it is stored until <see cref="ReleaseAsync"/> (or, should its silo
    /// die, a few minutes), so <see cref="CollectAsync"/> cannot remove it meanwhile. With a plan's <paramref name="room"/>
    /// (a private model), the model and its bytes also count against the plan beside what the index holds and every other
    /// hold of the tenant's, so uploads at the same moment cannot pass it together; throws
    /// <see cref="LibraryLimitExceededException"/> when the upload would not fit.
    /// </summary>
    [Alias("Hold")]
    Task<Guid> HoldAsync(string tenant, string name, string sha256, long bytes, LibraryPlanRoom? room);

    /// <summary>Lets a hold go, once its model is recorded or its upload failed.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid hold);

    /// <summary>
    /// Removes the file from the store when no model in the index names it and no upload holds it; answers whether it
    /// was removed. Files are shared by content, so a deleted version's file stays while another version names it.
    /// </summary>
    [Alias("Collect")]
    Task<bool> CollectAsync(string sha256);
}
