using Granary.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Granary.Tests.Storage;

/// <summary>The embedded silo's file grain storage, through a grain and called directly.</summary>
public sealed class FileGrainStorageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task State_written_before_the_cluster_stops_is_read_by_a_new_cluster_on_the_same_directory()
    {
        var key = Guid.NewGuid().ToString("N");
        await using (var before = await StartClusterAsync())
        {
            var counter = before.Client.GetGrain<IStoredCounterGrain>(key);
            await counter.Add(2);
            await counter.Add(3);
        }

        await using var after = await StartClusterAsync();
        var count = await after.Client.GetGrain<IStoredCounterGrain>(key).Count();

        Assert.Equal(5, count);
    }

    [Fact]
    public async Task A_write_based_on_a_stale_read_is_refused_and_leaves_the_newer_state()
    {
        await using var cluster = await StartClusterAsync();
        var storage = StorageOf(cluster);
        var id = GrainId.Create("stored-counter", Guid.NewGuid().ToString("N"));
        await storage.WriteStateAsync("counter", id, new GrainState<CounterState>(new CounterState(1)));
        var stale = await ReadAsync(storage, id);
        var fresh = await ReadAsync(storage, id);
        fresh.State = new CounterState(2);
        await storage.WriteStateAsync("counter", id, fresh);

        stale.State = new CounterState(3);
        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", id, stale));

        Assert.Equal(fresh.ETag, refused.StoredEtag);
        var stored = await ReadAsync(storage, id);
        Assert.Equal(new CounterState(2), stored.State);
    }

    [Fact]
    public async Task Clearing_a_state_deletes_its_record()
    {
        await using var cluster = await StartClusterAsync();
        var storage = StorageOf(cluster);
        var id = GrainId.Create("stored-counter", Guid.NewGuid().ToString("N"));
        var written = new GrainState<CounterState>(new CounterState(7));
        await storage.WriteStateAsync("counter", id, written);

        await storage.ClearStateAsync("counter", id, written);

        var read = await ReadAsync(storage, id);
        Assert.False(read.RecordExists, $"expected no record after clearing, found one with ETag {read.ETag}");
        Assert.Null(read.ETag);
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "counter")));
    }

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddFileGrainStorageAsDefault(_root));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static IGrainStorage StorageOf(InProcessTestCluster cluster) =>
        cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    private static async Task<GrainState<CounterState>> ReadAsync(IGrainStorage storage, GrainId id)
    {
        var state = new GrainState<CounterState>();
        await storage.ReadStateAsync("counter", id, state);
        return state;
    }
}
