using Granary.Models;

namespace Granary.Control;

/// <summary>A model as the disk repository or the library holds it: card, deployment and the files of its versions.</summary>
public sealed record RepositoryModel(
    string Name,
    string Description,
    string License,
    string Owner,
    DeploymentSpec Deployment,
    IReadOnlyList<RepositoryModelVersion> Versions,
    IReadOnlyList<string> Tenants);

/// <summary>
/// One version's model file and the signature it declares (or why it could not be read). A library version has
/// its <see cref="Sha256"/>, and its file is the silo's cached copy (<see cref="ModelCatalog.LocalFileAsync"/>).
/// </summary>
public sealed record RepositoryModelVersion(
    long Version,
    string FilePath,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    string? Error,
    string Sha256 = "");
