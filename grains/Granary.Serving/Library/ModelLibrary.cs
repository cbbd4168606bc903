using Granary.Control;
using Granary.Inference;
using Granary.Logging;
using Granary.Models;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Granary.Tenants.Plans;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Library;

/// <summary>
/// The library's one way in for every protocol: register a version from an upload, read, update a card, delete a
/// version, each checked against the caller (names, visibility, the plan's bounds). A registration is all or
/// nothing: the file is hashed, loaded in ONNX Runtime and stored before the metadata names it, so a refused file
/// leaves nothing behind.
/// </summary>
public sealed partial class ModelLibrary(
    IGrainFactory grains,
    ModelRepository repository,
    IModelBlobStore store,
    ModelFileCache cache,
    IOptions<LibraryOptions> options,
    IOptions<PlanOptions> plans,
    TimeProvider time,
    ILogger<ModelLibrary> logger)
{
    public long MaxFileBytes => options.Value.MaxFileBytes;

    /// <summary>A new upload in this silo's cache directory, bounded by <see cref="LibraryOptions.MaxFileBytes"/>.</summary>
    public ModelUpload BeginUpload() => new(cache.Directory, options.Value.MaxFileBytes);

    /// <summary>Checks the name and card before any byte is read, so a refused request costs no upload.</summary>
    public string Admit(Caller caller, ModelRegistration registration)
    {
        var tenant = LibraryNames.Writable(caller, registration.Name);
        if (repository.Find(registration.Name) is not null)
        {
            throw new ModelVersionExistsException($"model '{registration.Name}' is served from the disk repository; register the upload under another name");
        }

        if (registration.Version < 0)
        {
            throw new InvalidModelUploadException($"version {registration.Version} is not a version: versions are positive integers (0 takes the next)", "version");
        }

        if (tenant.Length == 0)
        {
            RequireCompleteCard(registration.Name, registration.Card);
        }

        return tenant;
    }

    /// <summary>Registers the upload as a version once it passes every check; returns the model and the version added.</summary>
    public async Task<(LibraryModel Model, long Version)> RegisterAsync(Caller caller, ModelRegistration registration, ModelUpload upload, CancellationToken cancellationToken)
    {
        var name = registration.Name;
        var tenant = Admit(caller, registration);
        try
        {
            await upload.CompleteAsync();
            var (inputs, outputs) = await OnnxModelValidator.ValidateAsync(upload.Path);
            var deployment = DeploymentOf(registration, upload.Path);
            var grain = grains.GetGrain<ILibraryModelGrain>(name);
            var hold = await HoldAsync(tenant, name, upload, deployment);
            LibraryModel? model = null;
            try
            {
                await store.PutAsync(upload.Sha256, upload.Path, cancellationToken);
                model = await grain.AddVersionAsync(tenant, OwnedBy(registration.Card, tenant), deployment,
                    new LibraryModelVersion(registration.Version, upload.Sha256, upload.Length, inputs, outputs, time.GetUtcNow()));
            }
            finally
            {
                await LetGoAsync(hold, model is null ? upload.Sha256 : null);
            }

            cache.Adopt(upload);
            await ReloadAsync(name);
            return (model, registration.Version > 0 ? registration.Version : model.Versions.Max(v => v.Version));
        }
        catch (Exception e) when (e is InvalidModelUploadException or ModelFileTooLargeException or LibraryLimitExceededException or ModelVersionExistsException)
        {
            LogUploadRefused(logger, name, e.Message);
            throw;
        }
    }

    /// <summary>The library's record of a model the caller may see, or null when it is no library model.</summary>
    public async Task<LibraryModel?> FindAsync(Caller caller, string name)
    {
        LibraryNames.EnsureVisible(caller, name);
        return LibraryNames.TenantOf(name) is null ? null : await grains.GetGrain<ILibraryModelGrain>(name).GetAsync();
    }

    public async Task<LibraryModel> UpdateCardAsync(Caller caller, string name, ModelCard card)
    {
        var model = await WritableAsync(caller, name);
        if (model.Tenant.Length == 0)
        {
            RequireCompleteCard(name, card);
        }

        var updated = await grains.GetGrain<ILibraryModelGrain>(name).UpdateCardAsync(OwnedBy(card, model.Tenant));
        LogCardUpdated(logger, name);
        await ReloadAsync(name);
        return updated;
    }

    /// <summary>
    /// Removes a version (its replicas are retired), and its file from the store unless another version names it; the
    /// model goes with its last version. Returns what is left.
    /// </summary>
    public async Task<LibraryModel?> DeleteVersionAsync(Caller caller, string name, long version)
    {
        var model = await WritableAsync(caller, name);
        var left = await grains.GetGrain<ILibraryModelGrain>(name).DeleteVersionAsync(version);
        await ReloadAsync(name);
        foreach (var file in model.Versions.Where(v => v.Version == version).Select(v => v.Sha256))
        {
            await CollectAsync(file);
        }

        return left;
    }

    private async Task<LibraryModel> WritableAsync(Caller caller, string name)
    {
        var model = await FindAsync(caller, name) ?? throw new ModelNotFoundException($"model '{name}' is not in the library");
        LibraryNames.Writable(caller, name);
        return model;
    }

    /// <summary>A private model's card names its tenant as the owner when it names none.</summary>
    private static ModelCard OwnedBy(ModelCard card, string tenant) => card.Owner.Length == 0 && tenant.Length > 0 ? card with { Owner = tenant } : card;

    private static void RequireCompleteCard(string name, ModelCard card)
    {
        var missing = card.MissingForPublic();
        if (missing.Count > 0)
        {
            throw new ModelCardIncompleteException(
                $"the public model '{name}' needs a card with {string.Join(", ", ModelCard.RequiredForPublic)}; missing: {string.Join(", ", missing)}", missing);
        }
    }

    private static DeploymentSpec DeploymentOf(ModelRegistration registration, string file)
    {
        try
        {
            return DeploymentSpecs.From(registration.Name, registration.Deployment, [file]);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidModelUploadException(e.Message, "deployment");
        }
    }

    /// <summary>
    /// Holds the upload's file in the library's index until the version is recorded. A private model must also stay
    /// within its tenant's plan: replicas and device memory per deployment here, models and bytes stored in the index.
    /// </summary>
    private async Task<Guid> HoldAsync(string tenant, string name, ModelUpload upload, DeploymentSpec deployment)
    {
        LibraryPlanRoom? room = null;
        if (tenant.Length > 0)
        {
            var defaults = options.Value.TenantDefaults;
            var profile = await grains.GetGrain<ITenantGrain>(tenant).GetAsync();
            var bounds = (profile is null ? null : plans.Value.Find(profile.Plan))?.Library.Over(defaults) ?? defaults;
            if (deployment.MaxReplicas > bounds.MaxReplicas)
            {
                throw new LibraryLimitExceededException($"the deployment asks for up to {deployment.MaxReplicas} replicas; the plan allows {bounds.MaxReplicas} (max_replicas)", "max_replicas");
            }

            var memoryMib = (deployment.MemoryBytes * deployment.MaxReplicas) >> 20;
            if (memoryMib > bounds.MaxDeviceMemoryMib)
            {
                throw new LibraryLimitExceededException(
                    $"the deployment asks for {memoryMib} MiB of device memory over its replicas; the plan allows {bounds.MaxDeviceMemoryMib} (max_device_memory_mib)", "max_device_memory_mib");
            }

            room = new LibraryPlanRoom(bounds.MaxModels, bounds.MaxBytes);
        }

        return await Index.HoldAsync(tenant, name, upload.Sha256, upload.Length, room);
    }

    /// <summary>
    /// Ends an upload's hold, then removes its file when the upload was not recorded and nothing else names it. Neither
    /// step fails the call: a hold not released lapses, and a file not removed now only stays in the store (logged).
    /// </summary>
    private async Task LetGoAsync(Guid hold, string? unrecordedFile)
    {
        try
        {
            await Index.ReleaseAsync(hold);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReleaseDeferred(logger, hold, e.Message);
        }

        if (unrecordedFile is not null)
        {
            await CollectAsync(unrecordedFile);
        }
    }

    /// <summary>Removes a file no model names any more; one that cannot be removed now stays in the store, and is logged.</summary>
    private async Task CollectAsync(string sha256)
    {
        try
        {
            await Index.CollectAsync(sha256);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCollectDeferred(logger, sha256, e.Message);
        }
    }

    private IModelLibraryGrain Index => grains.GetGrain<IModelLibraryGrain>(IModelLibraryGrain.Key);

    /// <summary>Tells the model's controller; a controller that cannot be reached now finds the change when the supervisor next wakes it.</summary>
    private async Task ReloadAsync(string name)
    {
        try
        {
            await grains.GetGrain<IModelGrain>(name).ReloadAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogReloadDeferred(logger, name, e.Message);
        }
    }

    [LoggerMessage(LogEvents.LibraryHoldNotReleased, LogLevel.Warning, "The library index did not take back upload hold {Hold} now ({Reason}); it lapses on its own")]
    private static partial void LogReleaseDeferred(ILogger logger, Guid hold, string reason);

    [LoggerMessage(LogEvents.LibraryCollectFailed, LogLevel.Warning, "Model file {Sha256} could not be removed from the library's store now ({Reason}); it stays there")]
    private static partial void LogCollectDeferred(ILogger logger, string sha256, string reason);

    [LoggerMessage(LogEvents.LibraryUploadRefused, LogLevel.Information, "Upload of model {Model} refused: {Reason}")]
    private static partial void LogUploadRefused(ILogger logger, string model, string reason);

    [LoggerMessage(LogEvents.LibraryCardUpdated, LogLevel.Information, "Card of library model {Model} updated")]
    private static partial void LogCardUpdated(ILogger logger, string model);

    [LoggerMessage(LogEvents.LibraryReloadDeferred, LogLevel.Warning, "Model {Model} changed in the library, but its controller did not take the change now: {Reason}")]
    private static partial void LogReloadDeferred(ILogger logger, string model, string reason);
}
