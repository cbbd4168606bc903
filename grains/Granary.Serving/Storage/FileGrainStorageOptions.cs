using Orleans.Storage;

namespace Granary.Storage;

/// <summary>Where <see cref="FileGrainStorage"/> keeps grain state, and how it serializes it.</summary>
public sealed class FileGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The directory that holds one sub-directory per state name; created on first write.</summary>
    public string RootDirectory { get; set; } = "";

    /// <summary>Left unset, this is Orleans' default grain storage serializer (set by a post-configure step).</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
