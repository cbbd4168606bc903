using Granary.Models;

namespace Granary.Control;

/// <summary>A model as the repository holds it: card, deployment and the files of its versions.</summary>
public sealed record RepositoryModel(
    string Name,
    string Description,
    string License,
    string Owner,
    DeploymentSpec Deployment,
    IReadOnlyList<RepositoryModelVersion> Versions,
    IReadOnlyList<string> Tenants);

/// <summary>One version's model file and the signature it declares (or why it could not be read).</summary>
public sealed record RepositoryModelVersion(
    long Version,
    string FilePath,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    string? Error);
