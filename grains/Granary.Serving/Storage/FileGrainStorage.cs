using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Granary.Storage;

/// <summary>
/// Grain storage for the embedded single-silo mode: each grain state is one file,
/// <c>{root}/{state name}/{grain id}.bin</c>, holding a 16-byte ETag followed by the state as Orleans' grain storage
/// serializer writes it. A write replaces the whole file through a rename, so a crash leaves either the old state or
/// the new one. Only one silo may use a directory: the locks that order reads and writes live in this process.
/// </summary>
public sealed class FileGrainStorage : IGrainStorage
{
    private const int ETagLength = 16;
    private const int LockStripes = 64;

    // Longer ids are hashed so the hex name stays under the 255-byte limit most file systems put on a name.
    private const int MaxHexNamedIdBytes = 120;

    private readonly string _root;
    private readonly IGrainStorageSerializer _serializer;
    private readonly IActivatorProvider _activators;

    // Striped rather than one lock per file, so the lock count stays fixed however many grains have state.
    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, LockStripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public FileGrainStorage(FileGrainStorageOptions options, IActivatorProvider activators)
    {
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            throw new ArgumentException($"{nameof(FileGrainStorageOptions)}.{nameof(FileGrainStorageOptions.RootDirectory)} is empty; set it to the directory that should hold grain state.", nameof(options));
        }

        _root = Path.GetFullPath(options.RootDirectory);
        _serializer = options.GrainStorageSerializer
            ?? throw new ArgumentException($"{nameof(FileGrainStorageOptions)}.{nameof(FileGrainStorageOptions.GrainStorageSerializer)} is not set; register the storage with AddFileGrainStorageAsDefault so it defaults to Orleans' serializer.", nameof(options));
        _activators = activators;
    }

    public static FileGrainStorage Create(IServiceProvider services, string name) =>
        new(services.GetRequiredService<IOptionsMonitor<FileGrainStorageOptions>>().Get(name), services.GetRequiredService<IActivatorProvider>());

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        var gate = GateOf(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                grainState.State = CreateInstance<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return;
            }

            if (bytes.Length < ETagLength)
            {
                throw new InvalidDataException($"Grain state file {path} is {bytes.Length} bytes, shorter than its {ETagLength}-byte ETag header; delete it to reset that grain's state.");
            }

            grainState.State = _serializer.Deserialize<T>(BinaryData.FromBytes(bytes.AsMemory(ETagLength))) ?? CreateInstance<T>();
            grainState.ETag = ETagOf(bytes);
            grainState.RecordExists = true;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        var payload = _serializer.Serialize(grainState.State);
        var gate = GateOf(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfStale(path, await StoredETagAsync(path, cancellationToken), grainState.ETag);
            var etag = Guid.NewGuid().ToByteArray();
            await ReplaceAsync(path, etag, payload, cancellationToken);
            grainState.ETag = ETagOf(etag);
            grainState.RecordExists = true;
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var path = PathOf(stateName, grainId);
        var gate = GateOf(path);
        await gate.WaitAsync(cancellationToken);
        try
        {
            var stored = await StoredETagAsync(path, cancellationToken);
            ThrowIfStale(path, stored, grainState.ETag);
            if (stored is not null)
            {
                File.Delete(path);
            }

            grainState.State = CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally
        {
            gate.Release();
        }
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        // Hex of the id's UTF-8 bytes rather than escaping: ids contain '/', and two ids that differ only in case
        // must not meet in one file on a case-insensitive file system.
        var id = Encoding.UTF8.GetBytes(grainId.ToString());
        var name = id.Length <= MaxHexNamedIdBytes ? Convert.ToHexStringLower(id) : "sha256-" + Convert.ToHexStringLower(SHA256.HashData(id));
        return Path.Combine(_root, Uri.EscapeDataString(stateName), name + ".bin");
    }

    private SemaphoreSlim GateOf(string path) => _locks[(uint)StringComparer.Ordinal.GetHashCode(path) % LockStripes];

    private T CreateInstance<T>() => _activators.GetActivator<T>().Create();

    private static string ETagOf(byte[] header) => new Guid(header.AsSpan(0, ETagLength)).ToString("N");

    private static async Task<string?> StoredETagAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
            var header = new byte[ETagLength];
            await file.ReadExactlyAsync(header, cancellationToken);
            return ETagOf(header);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static void ThrowIfStale(string path, string? stored, string? current)
    {
        if (!string.Equals(stored, current, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"Grain state {path} changed since this activation read it (stored ETag {stored ?? "none"}, expected {current ?? "none"}); re-read the state before writing.",
                stored,
                current);
        }
    }

    private static async Task ReplaceAsync(string path, byte[] etag, BinaryData payload, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous))
            {
                await file.WriteAsync(etag, cancellationToken);
                await file.WriteAsync(payload.ToMemory(), cancellationToken);

                // On the disk before the rename, so a crash never leaves the new name over a torn file.
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
