using System.Diagnostics;
using Grpc.Core;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// Watches the cluster from the silos other than the victim after a fault, four times a second until stopped:
/// when the victim's membership entry stops being active (eviction) and when the model again has all its replicas
/// ready off the victim (re-placement). For a join there is no victim, and re-placement is the replicas spread over
/// as many silos as they can be.
/// </summary>
public static class FaultWatch
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public static async Task<(TimeSpan? Eviction, TimeSpan? Replacement)> WatchAsync(
        ChaosCluster cluster, string? victim, string? victimAddress, string model, int replicas, Stopwatch clock, TimeSpan faultAt, CancellationToken stop)
    {
        TimeSpan? eviction = null;
        TimeSpan? replacement = null;
        var others = cluster.Silos.Keys.Where(name => name != victim).ToArray();
        while (!stop.IsCancellationRequested && (replacement is null || (victimAddress is not null && eviction is null)))
        {
            using var admin = cluster.AdminClient(others, TimeSpan.FromSeconds(3));
            try
            {
                if (victimAddress is not null && eviction is null
                    && !(await admin.ListSilosAsync(stop)).Any(s => s.Address == victimAddress && s.Status == "ACTIVE"))
                {
                    eviction = clock.Elapsed - faultAt;
                }

                if (replacement is null)
                {
                    var ready = (await admin.ListReplicasAsync(model, stop)).Where(r => r.State == "READY").ToArray();
                    var placed = victim is null
                        ? ready.Select(r => r.SiloName).Distinct().Count() >= Math.Min(replicas, cluster.Silos.Count)
                        : ready.Count(r => r.SiloName != victim) >= replicas;
                    replacement = placed ? clock.Elapsed - faultAt : null;
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                // The cluster cannot say now, or the watch is over; the loop's condition tells which.
            }

            try
            {
                await Task.Delay(Tick, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (eviction, replacement);
    }
}
