using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Granary.Tests.Tenants;
using Grpc.Core;
using Xunit.Abstractions;

namespace Granary.Tests.Cluster;

/// <summary>
/// A silo that hangs (SIGSTOP: sockets open, nothing answered, as in a long GC pause or a hung VM) while it holds one
/// of a model's two replicas and, most likely, the tenant's key, tenant and quota grains (created and first used
/// through it, where Orleans places them by preference). Calls keep going through the other two silos.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class HungSiloTests(ITestOutputHelper output)
{
    /// <summary>The bound the README states for a hung silo to be declared dead (MembershipTimings: 4 s demonstrably-alive window, 1-2 s probes).</summary>
    private static readonly TimeSpan EvictionBound = TimeSpan.FromSeconds(10);

    /// <summary>The longest the README says a hung silo leaves the cluster without an OK answer.</summary>
    private static readonly TimeSpan GapBound = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan Observed = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_hung_silo_is_evicted_within_the_stated_bound_and_calls_through_the_others_never_go_without_an_answer_for_longer_than_5_s()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        TwinModel.AddTo(cluster);
        var hosts = await ReplicaHostsAsync(cluster.Silos[0]);
        Assert.True(hosts.Distinct().Count() == 2, $"the two replicas share a silo: {string.Join(", ", hosts)}");
        var victim = cluster.Named(hosts[0]);
        var entries = cluster.Silos.Where(s => s != victim).ToArray();

        // The tenant is created and first served through the victim, so its grains are most likely placed there.
        var tenant = TenantSetup.UniqueId("hung");
        var key = await TenantSetup.CreateWithKeyAsync(victim.Tenants, tenant);
        for (var call = 0; call < 5; call++)
        {
            await victim.InferenceAs(key).ModelInferAsync(TwinModel.Request(), deadline: DateTime.UtcNow.AddSeconds(30));
        }

        await using var load = new LightLoad(entries.Select(e => e.InferenceAs(key)).ToArray(), TwinModel.Request, TimeSpan.FromMilliseconds(5));
        await Eventually.TrueAsync(() => Task.FromResult(load.Succeeded >= 100), TimeSpan.FromSeconds(30), "load to flow");

        var stoppedAt = load.Elapsed;
        victim.Hang();
        var evictedAfter = await EvictionAsync(entries[0], victim.Name, stoppedAt, load);
        var end = stoppedAt + Observed;
        await Eventually.TrueAsync(() => Task.FromResult(load.Elapsed >= end), Observed + TimeSpan.FromSeconds(5), "the observation window to pass");
        await load.StopAsync();

        var after = load.Outcomes.Where(o => o.At >= stoppedAt && o.At <= end).ToArray();
        var ok = after.Where(o => o.Code == StatusCode.OK).Select(o => o.At).Order().ToArray();
        var gap = LongestGap(stoppedAt, ok, end);
        var failures = string.Join(", ", after.Where(o => o.Code != StatusCode.OK).GroupBy(o => o.Code).Select(g => $"{g.Key}×{g.Count()}"));
        output.WriteLine($"evicted {evictedAfter.TotalSeconds:0.0} s after SIGSTOP; longest gap without an OK answer {gap.TotalSeconds:0.00} s; " +
            $"{ok.Length} of {after.Length} calls OK in the {Observed.TotalSeconds:0} s after the stop ({100.0 * ok.Length / Math.Max(1, after.Length):0.00} %); failed: {(failures.Length > 0 ? failures : "none")}");

        Assert.True(evictedAfter <= EvictionBound, $"the hung silo was declared dead {evictedAfter.TotalSeconds:0.0} s after SIGSTOP; the bound is {EvictionBound.TotalSeconds:0} s");
        Assert.True(gap <= GapBound, $"{gap.TotalSeconds:0.0} s went by without an OK answer after SIGSTOP; the bound is {GapBound.TotalSeconds:0} s\n{cluster.Logs()}");
        Assert.All(entries, e => Assert.False(e.HasExited, $"{e.Name} exited"));
    }

    /// <summary>How long after the stop a live silo stopped listing the hung one as active (waited on for at most 30 s).</summary>
    private static async Task<TimeSpan> EvictionAsync(SiloProcess observer, string hung, TimeSpan stoppedAt, LightLoad load)
    {
        await Eventually.TrueAsync(
            async () => !(await observer.Cluster.ListSilosAsync(new ListSilosRequest(), deadline: DateTime.UtcNow.AddSeconds(5))).Silos
                .Any(s => s.Name == hung && s.Status == "ACTIVE"),
            TimeSpan.FromSeconds(30),
            $"{hung} to be declared dead");
        return load.Elapsed - stoppedAt;
    }

    private static TimeSpan LongestGap(TimeSpan from, IReadOnlyList<TimeSpan> okAt, TimeSpan to)
    {
        var longest = TimeSpan.Zero;
        var previous = from;
        foreach (var at in okAt.Append(to))
        {
            longest = at - previous > longest ? at - previous : longest;
            previous = at;
        }

        return longest;
    }

    private static async Task<string[]> ReplicaHostsAsync(SiloProcess entry)
    {
        string[] hosts = [];
        await Eventually.TrueAsync(
            async () => (hosts = await TwinModel.HostsAsync(entry)).Length == 2,
            TimeSpan.FromSeconds(60),
            "the new model's two replicas");
        await entry.Inference.ModelInferAsync(TwinModel.Request(), deadline: DateTime.UtcNow.AddSeconds(30));
        return hosts;
    }
}
