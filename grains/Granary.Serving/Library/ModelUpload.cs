using System.Security.Cryptography;

namespace Granary.Library;

/// <summary>
/// A model file as it arrives, chunk by chunk, into a temporary file beside the silo's cache: counted against the
/// size limit and hashed on the way, so it is never held whole in memory. Disposing removes the file unless the
/// cache adopted it.
/// </summary>
public sealed class ModelUpload : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _maxBytes;

    public ModelUpload(string directory, long maxBytes)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, $"upload-{Guid.NewGuid():N}.part");
        _file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        _maxBytes = maxBytes;
    }

    public string Path { get; }

    public long Length { get; private set; }

    public string Sha256 { get; private set; } = "";

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (Length + chunk.Length > _maxBytes)
        {
            throw new ModelFileTooLargeException($"the model file is larger than the limit of {_maxBytes} bytes (Granary:Library:MaxFileBytes)");
        }

        _hash.AppendData(chunk.Span);
        await _file.WriteAsync(chunk, cancellationToken);
        Length += chunk.Length;
    }

    /// <summary>Reads a whole body into the upload, a buffer at a time.</summary>
    public async Task AppendAllAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await AppendAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>Closes the file and fixes its sha256; the file stays until disposal.</summary>
    public async Task CompleteAsync()
    {
        await _file.DisposeAsync();
        if (Length == 0)
        {
            throw new InvalidModelUploadException("the upload carried no file; send the ONNX file's bytes", "file");
        }

        Sha256 = Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync();
        _hash.Dispose();
        File.Delete(Path);
    }
}
