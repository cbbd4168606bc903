using Granary.Models;

namespace Granary.FrontDoor.Ports;

/// <summary>Finds a model's descriptor and resolves a version string to a servable version.</summary>
public interface IModelResolver
{
    ValueTask<ModelDescriptor> GetModelAsync(string name);

    ValueTask<(ModelDescriptor Model, ModelVersionDescriptor Version)> ResolveAsync(string name, string version, bool coldStart = true);

    /// <summary>
    /// Data residency: the version narrowed to its replicas in <paramref name="region"/>, one started there (like a
    /// cold start) when it has none; throws <see cref="Devices.NoDeviceFitsException"/> naming the region when no silo there can host it.
    /// </summary>
    ValueTask<ModelVersionDescriptor> InRegionAsync(string name, ModelVersionDescriptor version, string region);
}
