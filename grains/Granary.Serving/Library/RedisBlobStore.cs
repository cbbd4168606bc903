using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Granary.Library;

/// <summary>
/// Cluster mode's store, in the Redis every silo reaches: a file is <c>&lt;prefix&gt;blob:&lt;sha256&gt;:&lt;i&gt;</c> chunks of
/// <see cref="LibraryOptions.ChunkBytes"/>, and <c>&lt;prefix&gt;blob:&lt;sha256&gt;</c> a hash of its size and chunk count,
/// written last, so a file is there only once all of it is.
/// </summary>
public sealed class RedisBlobStore : IModelBlobStore, IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _redis;
    private readonly string _prefix;
    private readonly int _chunkBytes;

    public RedisBlobStore(ConfigurationOptions configuration, IOptions<LibraryOptions> options)
    {
        var connection = configuration.Clone();
        connection.AbortOnConnectFail = false;
        _redis = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(connection));
        _prefix = options.Value.RedisPrefix;
        _chunkBytes = options.Value.ChunkBytes;
    }

    public async Task PutAsync(string sha256, string path, CancellationToken cancellationToken)
    {
        var database = (await _redis.Value).GetDatabase();
        if (await database.KeyExistsAsync(MetaKey(sha256)))
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(_chunkBytes);
        try
        {
            await using var source = File.OpenRead(path);
            var chunks = 0;
            int read;
            while ((read = await source.ReadAtLeastAsync(buffer.AsMemory(0, _chunkBytes), _chunkBytes, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                await database.StringSetAsync(ChunkKey(sha256, chunks++), buffer.AsMemory(0, read));
            }

            await database.HashSetAsync(MetaKey(sha256), [new("size", source.Length), new("chunks", chunks)]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<bool> CopyToAsync(string sha256, Stream destination, CancellationToken cancellationToken)
    {
        var database = (await _redis.Value).GetDatabase();
        var chunks = await database.HashGetAsync(MetaKey(sha256), "chunks");
        if (chunks.IsNull)
        {
            return false;
        }

        for (var i = 0; i < (int)chunks; i++)
        {
            using var chunk = await database.StringGetLeaseAsync(ChunkKey(sha256, i))
                ?? throw new InvalidDataException($"chunk {i} of model file {sha256} is missing from Redis");
            await destination.WriteAsync(chunk.Memory, cancellationToken);
        }

        return true;
    }

    /// <summary>The size and chunk count go first, so a reader finds the file whole or not at all, then the chunks.</summary>
    public async Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        var database = (await _redis.Value).GetDatabase();
        var chunks = await database.HashGetAsync(MetaKey(sha256), "chunks");
        if (chunks.IsNull)
        {
            return;
        }

        await database.KeyDeleteAsync(MetaKey(sha256));
        // One key a command, pipelined: a Redis cluster refuses a DEL whose keys fall in different slots.
        await Task.WhenAll(Enumerable.Range(0, (int)chunks).Select(i => database.KeyDeleteAsync(ChunkKey(sha256, i))));
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis.IsValueCreated)
        {
            await (await _redis.Value).DisposeAsync();
        }
    }

    private string MetaKey(string sha256) => $"{_prefix}blob:{sha256}";

    private string ChunkKey(string sha256, int index) => string.Create(CultureInfo.InvariantCulture, $"{_prefix}blob:{sha256}:{index}");
}
