using Granary.Models;

namespace Granary.Library;

/// <summary>
/// A model of the library as its grain holds it: metadata only (the files live in the blob store, by sha256).
/// <see cref="Tenant"/> is the tenant a private model belongs to; empty for a public model.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.LibraryModel")]
public sealed record LibraryModel(
    [property: Id(0)] string Name,
    [property: Id(1)] string Tenant,
    [property: Id(2)] ModelCard Card,
    [property: Id(3)] DeploymentSpec Deployment,
    [property: Id(4)] IReadOnlyList<LibraryModelVersion> Versions)
{
    public long StoredBytes => Versions.Sum(v => v.SizeBytes);
}

/// <summary>One uploaded version: its file by content address, and the signature read from it when it was validated.</summary>
[GenerateSerializer, Immutable, Alias("granary.LibraryModelVersion")]
public sealed record LibraryModelVersion(
    [property: Id(0)] long Version,
    [property: Id(1)] string Sha256,
    [property: Id(2)] long SizeBytes,
    [property: Id(3)] IReadOnlyList<TensorSpec> Inputs,
    [property: Id(4)] IReadOnlyList<TensorSpec> Outputs,
    [property: Id(5)] DateTimeOffset RegisteredAt);

/// <summary>
/// What the library index keeps of a model: whose it is, how many bytes its versions hold and the files (sha256) they
/// name. An entry written before the index kept files has none (null): its files are unknown, and none is collected.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.LibraryEntry")]
public sealed record LibraryEntry(
    [property: Id(0)] string Name,
    [property: Id(1)] string Tenant,
    [property: Id(2)] long StoredBytes,
    [property: Id(3)] IReadOnlyList<string>? Files = null);
