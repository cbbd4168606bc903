using Granary.Models;

namespace Granary.FrontDoor.Ports;

/// <summary>Finds a model's descriptor and resolves a version string to a servable version.</summary>
public interface IModelResolver
{
    ValueTask<ModelDescriptor> GetModelAsync(string name);

    ValueTask<(ModelDescriptor Model, ModelVersionDescriptor Version)> ResolveAsync(string name, string version, bool coldStart = true);
}
