using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Granary.Library;

/// <summary>
/// This silo's copies of library model files, <c>&lt;cache&gt;/&lt;sha256&gt;.onnx</c>, which ONNX Runtime loads. A copy is
/// used only once its hash matches its name (checked once per process); a missing or damaged one is fetched
/// again from the store, streamed into a temporary file and moved into place.
/// </summary>
public sealed class ModelFileCache(string directory, IModelBlobStore store)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _verified = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    /// <summary>The local path of the file, fetched and verified first when needed.</summary>
    public async Task<string> EnsureAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var fetch = _verified.GetOrAdd(sha256, s => new Lazy<Task<string>>(() => FetchAsync(s, cancellationToken)));
        try
        {
            return await fetch.Value;
        }
        catch
        {
            _verified.TryRemove(new(sha256, fetch));
            throw;
        }
    }

    /// <summary>Moves a validated upload (written in this directory) into the cache, so the silo it came through never fetches it back.</summary>
    public void Adopt(ModelUpload upload)
    {
        var target = PathOf(upload.Sha256);
        if (!File.Exists(target))
        {
            File.Move(upload.Path, target, overwrite: true);
        }

        _verified.TryAdd(upload.Sha256, new Lazy<Task<string>>(Task.FromResult(target)));
    }

    private async Task<string> FetchAsync(string sha256, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var target = PathOf(sha256);
        if (File.Exists(target) && await Sha256OfAsync(target, cancellationToken) == sha256)
        {
            return target;
        }

        var temporary = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var file = File.Create(temporary))
            {
                if (!await store.CopyToAsync(sha256, file, cancellationToken))
                {
                    throw new FileNotFoundException($"the model store has no file {sha256}");
                }
            }

            var actual = await Sha256OfAsync(temporary, cancellationToken);
            if (actual != sha256)
            {
                throw new InvalidDataException($"the model store's file {sha256} hashes to {actual}; it is damaged");
            }

            File.Move(temporary, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private string PathOf(string sha256) => Path.Combine(Directory, sha256 + ".onnx");

    private static async Task<string> Sha256OfAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
