using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Xunit.Abstractions;

namespace Granary.Tests.Cluster;

/// <summary>Replicas placed while a silo ran alone are spread when another joins, make-before-break, without a failed call.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ReplicaSpreadTests(ITestOutputHelper output)
{
    /// <summary>The bound the README states for a model's replicas to be spread after a silo joins.</summary>
    private static readonly TimeSpan SpreadBound = TimeSpan.FromSeconds(15);

    private static void WriteRepository(string root)
    {
        TestModels.WriteInto(root);
        TwinModel.WriteInto(root);
    }

    [Fact]
    public async Task Two_replicas_placed_on_a_lone_silo_are_spread_within_the_stated_bound_once_a_second_silo_joins_with_no_failed_call()
    {
        await using var cluster = await ProcessCluster.StartAsync(1, WriteRepository);
        var first = cluster.Silos[0];
        await first.Inference.ModelInferAsync(TwinModel.Request(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal([first.Name, first.Name], await TwinModel.HostsAsync(first));

        await using var load = new LightLoad([first.Inference, first.Inference], TwinModel.Request, TimeSpan.FromMilliseconds(5));
        await Eventually.TrueAsync(() => Task.FromResult(load.Succeeded >= 50), TimeSpan.FromSeconds(30), "load to flow");
        var joined = (await cluster.AddSilosAsync(1)).Single();
        var joinedAt = load.Elapsed;

        await Eventually.TrueAsync(
            async () => await TwinModel.HostsAsync(first) is { Length: 2 } two && two.Distinct().Count() == 2, SpreadBound + TimeSpan.FromSeconds(30), "two replicas on two silos");
        var spreadAfter = load.Elapsed - joinedAt;

        // Calls go on while the drained replica is retired.
        var servedBefore = load.Succeeded;
        await Eventually.TrueAsync(() => Task.FromResult(load.Succeeded >= servedBefore + 300), TimeSpan.FromSeconds(30), "calls after the move");
        await load.StopAsync();

        var hosts = await TwinModel.HostsAsync(joined);
        output.WriteLine($"spread {spreadAfter.TotalSeconds:0.0} s after {joined.Name} joined (onto {string.Join(", ", hosts)}); {load.Succeeded} calls OK, {load.Failures.Count} failed");
        Assert.True(load.Failures.Count == 0, $"failed calls: {string.Join("; ", load.Failures.Take(5))}\n{cluster.Logs()}");
        Assert.True(spreadAfter <= SpreadBound, $"the replicas were spread {spreadAfter.TotalSeconds:0.0} s after the join; the bound is {SpreadBound.TotalSeconds:0} s");
        Assert.Equal([first.Name, joined.Name], hosts.Order());
    }
}
