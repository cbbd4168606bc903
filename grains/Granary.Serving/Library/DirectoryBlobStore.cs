namespace Granary.Library;

/// <summary>Embedded mode's store: <c>&lt;root&gt;/&lt;sha256[0..2]&gt;/&lt;sha256&gt;.onnx</c>, written to a temporary name and moved into place.</summary>
public sealed class DirectoryBlobStore(string root) : IModelBlobStore
{
    public async Task PutAsync(string sha256, string path, CancellationToken cancellationToken)
    {
        var target = PathOf(sha256);
        if (File.Exists(target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            await using (var source = File.OpenRead(path))
            await using (var destination = File.Create(temporary))
            {
                await source.CopyToAsync(destination, cancellationToken);
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            return false;
        }

        await using var source = File.OpenRead(path);
        await source.CopyToAsync(destination, cancellationToken);
        return true;
    }

    public Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(sha256));
        return Task.CompletedTask;
    }

    private string PathOf(string sha256) => Path.Combine(root, sha256[..2], sha256 + ".onnx");
}
