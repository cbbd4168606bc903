using Granary.Control;
using Granary.Devices;
using Granary.Inference;
using Granary.Models;

namespace Granary.Replicas.Runtime;

/// <summary>Builds a replica's runtime from the catalog entry of its model version.</summary>
public sealed class ReplicaRuntimeFactory(ModelCatalog catalog, OnnxSessionFactory sessions, Telemetry.ReplicaInstruments instruments)
{
    /// <summary>Fetches a library model's file into the silo's cache, then loads the session on a thread-pool thread, never on the caller's (Orleans) scheduler.</summary>
    public async Task<ReplicaRuntime> CreateAsync(ReplicaKey key, DeviceDescriptor device)
    {
        var model = await catalog.FindAsync(key.Model)
            ?? throw new ModelNotFoundException($"model '{key.Model}' is neither in the repository nor in the library");
        var version = model.Versions.FirstOrDefault(v => v.Version == key.Version)
            ?? throw new ModelNotFoundException($"version {key.Version} of model '{key.Model}' not found");
        if (version.Error is { } error)
        {
            throw new ModelUnavailableException(error);
        }

        var file = await catalog.LocalFileAsync(version);
        return await Task.Run(() => Create(key, model, version, file, device));
    }

    private ReplicaRuntime Create(ReplicaKey key, RepositoryModel model, RepositoryModelVersion version, string file, DeviceDescriptor device)
    {
        var (session, provider) = sessions.Create(file, model.Deployment, device);
        var descriptor = new ModelVersionDescriptor(version.Version, ModelVersionState.Ready, "", version.Inputs, version.Outputs, [key.ToString()]);
        return new ReplicaRuntime(key.ToString(), session, provider, descriptor, model.Deployment, instruments);
    }
}
