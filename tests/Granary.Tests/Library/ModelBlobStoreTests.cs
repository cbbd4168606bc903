using Granary.Library;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Granary.Tests.Library;

/// <summary>Both stores of model files, the directory (embedded) and a real Redis (cluster): a file goes in, comes out whole, and leaves entirely.</summary>
public sealed class ModelBlobStoreTests : IAsyncLifetime
{
    private const string Sha256 = "ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "granary-tests", $"blobs-{Guid.NewGuid():N}");
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:library:";
    private readonly byte[] _file = [.. Enumerable.Range(0, 5_000).Select(i => (byte)(i * 7))];
    private string _path = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        _path = Path.Combine(_root, "upload.onnx");
        await File.WriteAllBytesAsync(_path, _file);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("directory")]
    [InlineData("redis")]
    public async Task A_file_put_is_read_back_whole_and_after_delete_is_gone(string kind)
    {
        var store = kind == "redis"
            ? (IModelBlobStore)new RedisBlobStore(ConfigurationOptions.Parse("127.0.0.1:6379"), Options.Create(new LibraryOptions { RedisPrefix = _prefix, ChunkBytes = 1024 }))
            : new DirectoryBlobStore(Path.Combine(_root, "store"));

        await store.PutAsync(Sha256, _path, CancellationToken.None);
        using (var copy = new MemoryStream())
        {
            Assert.True(await store.CopyToAsync(Sha256, copy, CancellationToken.None));
            Assert.Equal(_file, copy.ToArray());
        }

        await store.DeleteAsync(Sha256, CancellationToken.None);
        Assert.False(await store.CopyToAsync(Sha256, Stream.Null, CancellationToken.None));
        await store.DeleteAsync(Sha256, CancellationToken.None);
        if (store is RedisBlobStore redis)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:6379");
            var left = connection.GetServers().Single().KeysAsync(pattern: $"{_prefix}*");
            Assert.Empty(await left.ToArrayAsync());
            await redis.DisposeAsync();
        }
        else
        {
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "store"), "*", SearchOption.AllDirectories));
        }
    }
}
