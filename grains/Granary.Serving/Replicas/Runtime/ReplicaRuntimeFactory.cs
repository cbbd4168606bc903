using Granary.Control;
using Granary.Devices;
using Granary.Inference;
using Granary.Models;

namespace Granary.Replicas.Runtime;

/// <summary>Builds a replica's runtime from the repository entry of its model version.</summary>
public sealed class ReplicaRuntimeFactory(ModelRepository repository, OnnxSessionFactory sessions, Telemetry.ReplicaInstruments instruments)
{
    /// <summary>Loads the session on a thread-pool thread, never on the caller's (Orleans) scheduler.</summary>
    public Task<ReplicaRuntime> CreateAsync(ReplicaKey key, DeviceDescriptor device) => Task.Run(() => Create(key, device));

    private ReplicaRuntime Create(ReplicaKey key, DeviceDescriptor device)
    {
        var model = repository.Find(key.Model)
            ?? throw new ModelNotFoundException($"model '{key.Model}' is not in the repository at {repository.Root}");
        var version = model.Versions.FirstOrDefault(v => v.Version == key.Version)
            ?? throw new ModelNotFoundException($"version {key.Version} of model '{key.Model}' is not in the repository");
        if (version.Error is { } error)
        {
            throw new ModelUnavailableException(error);
        }

        var (session, provider) = sessions.Create(version.FilePath, model.Deployment, device);
        var descriptor = new ModelVersionDescriptor(version.Version, ModelVersionState.Ready, "", version.Inputs, version.Outputs, [key.ToString()]);
        return new ReplicaRuntime(key.ToString(), session, provider, descriptor, model.Deployment, instruments);
    }
}
