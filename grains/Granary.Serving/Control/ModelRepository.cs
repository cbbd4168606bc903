using System.Collections.Concurrent;
using Granary.Inference;
using Granary.Models;
using Granary.Models.Onnx;
using Granary.Models.Repository;
using Microsoft.Extensions.Options;

namespace Granary.Control;

/// <summary>
/// The silo-local view of the on-disk model repository. Every silo reads the same path, so a replica
/// activated on any silo finds its model file; a registry grain replaces this view later.
/// </summary>
public sealed class ModelRepository(IOptions<ModelRepositoryOptions> options)
{
    private readonly ConcurrentDictionary<string, RepositoryModel> _models = new(StringComparer.Ordinal);

    public string Root { get; } = System.IO.Path.GetFullPath(options.Value.Path);

    public IReadOnlyList<string> ModelNames() => ModelRepositoryLayout.ModelNames(Root).ToArray();

    /// <summary>The model, read once from disk, or null when the repository has no such model (yet: misses are not remembered).</summary>
    public RepositoryModel? Find(string name)
    {
        if (!ModelRepositoryLayout.IsValidName(name))
        {
            return null;
        }

        if (_models.TryGetValue(name, out var known))
        {
            return known;
        }

        return Read(name) is { } read ? _models.GetOrAdd(name, read) : null;
    }

    public RepositoryModelVersion? Find(string name, long version) =>
        Find(name)?.Versions.FirstOrDefault(v => v.Version == version);

    private RepositoryModel? Read(string name)
    {
        if (!Directory.Exists(System.IO.Path.Combine(Root, name)))
        {
            return null;
        }

        var config = ModelConfigFile.Read(ModelRepositoryLayout.ConfigPath(Root, name));
        var versions = ModelRepositoryLayout.Versions(Root, name).Select(v => ReadVersion(name, v)).ToArray();
        var deployment = DeploymentSpecs.From(name, config.Deployment, versions.Select(v => v.FilePath));
        return new RepositoryModel(name, config.Description, config.License, config.Owner, deployment, versions, config.Tenants.ToArray());
    }

    private RepositoryModelVersion ReadVersion(string name, long version)
    {
        var path = ModelRepositoryLayout.ModelPath(Root, name, version);
        try
        {
            var signature = OnnxSignature.Read(path);
            return new RepositoryModelVersion(version, path, signature.Inputs.Select(OnnxTensorSpecs.Of).ToArray(), signature.Outputs.Select(OnnxTensorSpecs.Of).ToArray(), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return new RepositoryModelVersion(version, path, [], [], $"{path} is not a servable ONNX model: {e.Message}");
        }
    }
}
