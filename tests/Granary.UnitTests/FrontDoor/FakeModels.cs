using Granary.FrontDoor.Ports;
using Granary.Inference;
using Granary.Models;

namespace Granary.UnitTests.FrontDoor;

/// <summary>A fixed set of models, each resolving to its first version.</summary>
public sealed class FakeModels(CallLog log, params ModelDescriptor[] models) : IModelResolver
{
    public ValueTask<ModelDescriptor> GetModelAsync(string name)
    {
        log.Add("get model");
        return ValueTask.FromResult(Find(name));
    }

    public ValueTask<(ModelDescriptor Model, ModelVersionDescriptor Version)> ResolveAsync(string name, string version, bool coldStart = true)
    {
        log.Add("resolve");
        var model = Find(name);
        return ValueTask.FromResult((model, model.Versions[0]));
    }

    public ValueTask<ModelVersionDescriptor> InRegionAsync(string name, ModelVersionDescriptor version, string region)
    {
        log.Add("in region");
        return ValueTask.FromResult(version with { ReplicaIds = version.ReplicasIn(region) });
    }

    private ModelDescriptor Find(string name) =>
        models.FirstOrDefault(m => m.Name == name) ?? throw new ModelNotFoundException($"model '{name}' not found");
}
