using System.Diagnostics;
using System.Globalization;
using Granary.Client;
using Granary.Protocol.V1;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// Runs chaos scenarios one after another on one cluster: for each, fresh tenants and failover clients, load before
/// the fault, the fault on schedule, its undoing, load after; then the usage report is reconciled with the calls.
/// Between scenarios the cluster is brought back to every silo running and seen by all.
/// </summary>
public sealed class ChaosRunner(ChaosOptions options, TextWriter log)
{
    private const int UsageLooks = 90;
    private static readonly TimeSpan MinimumAfter = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan UsageBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ExitAfterThawBound = TimeSpan.FromSeconds(15);

    public async Task<IReadOnlyList<ScenarioResult>> RunAsync(CancellationToken cancellationToken)
    {
        await using var cluster = await ChaosCluster.StartAsync(options, log, cancellationToken);
        var runs = new List<(ChaosScenario Scenario, string? Victim, LoadTenant[] Tenants, IReadOnlyList<CallOutcome> Outcomes, TimeSpan FaultAt, TimeSpan RecoveredAt, (TimeSpan?, TimeSpan?) Watched)>();
        foreach (var scenario in options.Scenarios)
        {
            await log.WriteLineAsync($"{scenario.Name()}: start");
            runs.Add(await RunScenarioAsync(cluster, scenario, cancellationToken));
            await cluster.WaitForMembershipAsync(cancellationToken);
        }

        var results = new List<ScenarioResult>();
        foreach (var (scenario, victim, tenants, outcomes, faultAt, recoveredAt, watched) in runs)
        {
            var quotaTenants = tenants.Where(t => t.QuotaBound).Select(t => t.Id).ToHashSet();
            var quota = QuotaCheck.From([.. outcomes.Where(o => quotaTenants.Contains(o.Tenant))], options.QuotaRequestsPerSecond, options.QuotaBurst, silos: 3);
            var usage = await ReconcileAsync(cluster, tenants, outcomes, cancellationToken);
            results.Add(ScenarioResult.From(scenario, victim, outcomes, quotaTenants, faultAt, recoveredAt, watched, quota, usage));
            foreach (var tenant in tenants)
            {
                tenant.Client.Dispose();
            }
        }

        return results;
    }

    private async Task<(ChaosScenario, string?, LoadTenant[], IReadOnlyList<CallOutcome>, TimeSpan, TimeSpan, (TimeSpan?, TimeSpan?))> RunScenarioAsync(
        ChaosCluster cluster, ChaosScenario scenario, CancellationToken cancellationToken)
    {
        var victim = scenario is ChaosScenario.RedisRestart or ChaosScenario.Join ? null : await VictimAsync(cluster, cancellationToken);
        var victimAddress = victim is null ? null : await cluster.ActiveAddressAsync(victim, cancellationToken);
        var tenants = await CreateTenantsAsync(cluster, scenario, cancellationToken);
        var clock = Stopwatch.StartNew();
        var load = new ChaosLoad(tenants, options.Model, options.Pause, clock, options.Before + options.Duration + TimeSpan.FromMinutes(3));
        await Task.Delay(options.Before, cancellationToken);

        var faultAt = clock.Elapsed;
        await log.WriteLineAsync($"{scenario.Name()}: fault at {faultAt.TotalSeconds:F1} s{(victim is null ? "" : $" on {victim}")}");
        using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watch = FaultWatch.WatchAsync(cluster, victim, victimAddress, options.Model, options.Replicas, clock, faultAt, watchStop.Token);
        await InjectAndUndoAsync(cluster, scenario, victim, watchStop, cancellationToken);
        var recoveredAt = clock.Elapsed;
        await log.WriteLineAsync($"{scenario.Name()}: recovered at {recoveredAt.TotalSeconds:F1} s");

        // At least a little load after the recovery, however long the restart took, for the p99 after it.
        var remaining = faultAt + options.Duration - clock.Elapsed;
        await Task.Delay(remaining > MinimumAfter ? remaining : MinimumAfter, cancellationToken);

        await watchStop.CancelAsync();
        await load.StopAsync();
        var watched = await watch;
        if (options.KeepWorkDirectory)
        {
            await WriteOutcomesAsync(Path.Combine(cluster.Settings.WorkDirectory, $"{scenario.Name()}-calls.csv"), load.Outcomes, faultAt);
        }

        return (scenario, victim, tenants, load.Outcomes, faultAt, recoveredAt, watched);
    }

    /// <summary>Every call of the scenario, in seconds from the fault, for a look at what the table sums up.</summary>
    private static async Task WriteOutcomesAsync(string path, IReadOnlyList<CallOutcome> outcomes, TimeSpan faultAt)
    {
        await using var file = new StreamWriter(path);
        await file.WriteLineAsync("tenant,start_s,end_s,status");
        foreach (var o in outcomes.OrderBy(o => o.End))
        {
            await file.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{o.Tenant},{(o.Start - faultAt).TotalSeconds:F3},{(o.End - faultAt).TotalSeconds:F3},{o.Status}"));
        }
    }

    /// <summary>Injects the fault, holds it, and undoes it; the watch stops before a restart reuses the victim's name.</summary>
    private async Task InjectAndUndoAsync(ChaosCluster cluster, ChaosScenario scenario, string? victim, CancellationTokenSource watchStop, CancellationToken cancellationToken)
    {
        var hold = options.HoldOf(scenario);
        switch (scenario)
        {
            case ChaosScenario.SigKill:
                cluster.Silos[victim!].Kill();
                await Task.Delay(hold, cancellationToken);
                await watchStop.CancelAsync();
                await cluster.RestartAsync(victim!, cancellationToken);
                break;
            case ChaosScenario.SigTerm:
                cluster.Silos[victim!].Terminate();
                await Task.Delay(hold, cancellationToken);
                await watchStop.CancelAsync();
                await cluster.RestartAsync(victim!, cancellationToken);
                break;
            case ChaosScenario.RestartSameName:
                cluster.Silos[victim!].Kill();
                await cluster.Silos[victim!].WaitForExitAsync(TimeSpan.FromSeconds(10));
                await cluster.RestartAsync(victim!, cancellationToken);
                break;
            case ChaosScenario.SigStop:
                cluster.Silos[victim!].Freeze();
                await Task.Delay(hold, cancellationToken);
                cluster.Silos[victim!].Thaw();
                await RestartIfEvictedAsync(cluster, victim!, watchStop, cancellationToken);
                break;
            case ChaosScenario.Partition:
                cluster.Partition(victim!);
                await Task.Delay(hold, cancellationToken);
                cluster.Heal();
                await RestartIfEvictedAsync(cluster, victim!, watchStop, cancellationToken);
                break;
            case ChaosScenario.RedisRestart:
                await cluster.Redis.StopAsync();
                await Task.Delay(hold, cancellationToken);
                await cluster.Redis.StartAgainAsync(cancellationToken);
                break;
            case ChaosScenario.Join:
                await cluster.AddSiloAsync($"silo-{cluster.Silos.Count + 1}", cancellationToken);
                break;
        }
    }

    /// <summary>A silo the others declared dead while it was hung or cut off stops itself once it learns so; start it again.</summary>
    private async Task RestartIfEvictedAsync(ChaosCluster cluster, string victim, CancellationTokenSource watchStop, CancellationToken cancellationToken)
    {
        if (await cluster.Silos[victim].WaitForExitAsync(ExitAfterThawBound))
        {
            await log.WriteLineAsync($"{victim} stopped itself after it came back; starting it again");
            await watchStop.CancelAsync();
            await cluster.RestartAsync(victim, cancellationToken);
        }
    }

    /// <summary>The silo holding most of the model's ready replicas.</summary>
    private async Task<string> VictimAsync(ChaosCluster cluster, CancellationToken cancellationToken)
    {
        using var admin = cluster.AdminClient();
        var replicas = await admin.ListReplicasAsync(options.Model, cancellationToken);
        return replicas.Where(r => r.State == "READY").GroupBy(r => r.SiloName).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).FirstOrDefault()?.Key ?? "silo-1";
    }

    private async Task<LoadTenant[]> CreateTenantsAsync(ChaosCluster cluster, ChaosScenario scenario, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var tenants = new List<LoadTenant>();
        for (var i = 0; i <= options.Tenants; i++)
        {
            var quotaBound = i == options.Tenants;
            var id = $"chaos-{scenario.Name()}-{(quotaBound ? "quota" : i.ToString(CultureInfo.InvariantCulture))}-{run}";
            var quota = quotaBound ? new QuotaLimits { RequestsPerSecond = options.QuotaRequestsPerSecond, Burst = options.QuotaBurst } : null;
            var key = await cluster.CreateTenantAsync(id, quota, cancellationToken);
            tenants.Add(new LoadTenant(id, Client(cluster, key), quotaBound ? 1 : options.CallersPerTenant, quotaBound));
        }

        return [.. tenants];
    }

    private GranaryClient Client(ChaosCluster cluster, string key) => new(new GranaryClientOptions
    {
        Endpoints = [.. cluster.Endpoints.Select(e => e.ToString())],
        ApiKey = key,
        Timeout = options.CallTimeout,
        AttemptTimeout = options.AttemptTimeout,
        MaxRetries = options.MaxRetries,
        RetryBackoff = TimeSpan.FromMilliseconds(50),
        MaxRetryBackoff = TimeSpan.FromSeconds(1),
    });

    /// <summary>Waits until the report bills at least every OK call of the scenario's tenants (bounded), then compares.</summary>
    private static async Task<UsageCheck> ReconcileAsync(ChaosCluster cluster, LoadTenant[] tenants, IReadOnlyList<CallOutcome> outcomes, CancellationToken cancellationToken)
    {
        var ids = tenants.Select(t => t.Id).ToHashSet();
        var ok = outcomes.Count(o => o.Ok && ids.Contains(o.Tenant));

        // Refusals by quota never reach the model and are not billed; the rest may have been served before the client gave up.
        var finallyFailed = outcomes.Count(o => !o.Ok && o.Status != Grpc.Core.StatusCode.ResourceExhausted && ids.Contains(o.Tenant));
        using var admin = cluster.AdminClient();
        var deadline = DateTime.UtcNow + UsageBound;
        long billed = 0;
        for (var look = 0; look < UsageLooks; look++)
        {
            billed = 0;
            foreach (var id in ids)
            {
                billed += await BilledAsync(admin, id, cancellationToken);
            }

            if (billed >= ok || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return new UsageCheck(billed, ok, finallyFailed);
    }

    private static async Task<long> BilledAsync(GranaryClient admin, string tenant, CancellationToken cancellationToken)
    {
        var request = new GetUsageRequest
        {
            TenantId = tenant,
            From = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Bucket = "month",
            PageSize = 1000,
        };
        long billed = 0;
        await foreach (var row in admin.GetAllUsageAsync(request, cancellationToken))
        {
            billed += row.Requests - row.Errors;
        }

        return billed;
    }
}
