namespace Granary.Library;

/// <summary>
/// The cluster's one store of model files, content-addressed by sha256 (lower-case hex). Files go in and come out
/// as streams, never whole in memory. Embedded mode: <see cref="DirectoryBlobStore"/>; cluster mode:
/// <see cref="RedisBlobStore"/>. An S3-compatible store would be another implementation (none is written or tested here).
/// </summary>
public interface IModelBlobStore
{
    /// <summary>Stores the file at <paramref name="path"/> under <paramref name="sha256"/>; nothing to do when it is there.</summary>
    Task PutAsync(string sha256, string path, CancellationToken cancellationToken);

    /// <summary>Writes the stored file into <paramref name="destination"/>; false when the store has no such file.</summary>
    Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken);

    /// <summary>Removes the file; nothing to do when the store has no such file.</summary>
    Task DeleteAsync(string sha256, CancellationToken cancellationToken);
}
