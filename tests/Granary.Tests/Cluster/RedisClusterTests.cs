using System.Net;
using System.Net.Sockets;
using Granary.Models.Repository;
using Granary.Models.Synthesis;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Granary.Tests.Tenants;
using Grpc.Core;
using Xunit.Abstractions;

namespace Granary.Tests.Cluster;

/// <summary>Three silo processes joined through a real redis-server on loopback, as in production.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class RedisClusterTests(ITestOutputHelper output)
{
    private const string Model = "mlp-classifier";

    /// <summary>The bound the README states for a SIGKILLed silo's replicas to serve again elsewhere.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(15);

    private static ModelInferRequest Request() => Requests.RawFp32(Model, "input", new float[64], 1, 64);

    [Fact]
    public async Task Three_silo_processes_form_one_cluster_and_a_call_to_any_silo_reaches_a_replica_on_another()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);

        var host = await ReplicaHostAsync(cluster);
        var others = cluster.Silos.Where(s => s.Name != host).ToArray();

        Assert.Equal(2, others.Length);
        foreach (var entry in others)
        {
            var response = await entry.Inference.ModelInferAsync(Request());
            Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
            var seen = (await entry.Cluster.ListReplicasAsync(new ListReplicasRequest { Model = Model })).Replicas.Single();
            Assert.Equal(host, seen.SiloName);
        }
    }

    [Fact]
    public async Task A_silo_stopped_with_sigterm_under_load_hands_its_replica_over_without_a_failed_call()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var host = cluster.Named(await ReplicaHostAsync(cluster));
        var entries = cluster.Silos.Where(s => s != host).ToArray();
        await using var load = new LightLoad(entries.Select(e => e.Inference).ToArray(), Request, TimeSpan.FromMilliseconds(5));
        await Eventually.TrueAsync(() => Task.FromResult(load.Succeeded >= 50), TimeSpan.FromSeconds(30), "load to flow");

        host.Terminate();
        var exitCode = await host.WaitForExitAsync(TimeSpan.FromSeconds(45));
        var servedBefore = load.Succeeded;
        await Eventually.TrueAsync(() => Task.FromResult(load.Succeeded >= servedBefore + 100), TimeSpan.FromSeconds(30), "calls after the stop");
        await load.StopAsync();

        output.WriteLine($"{load.Succeeded} calls succeeded across the stop, {load.Failures.Count} failed");
        Assert.Equal(0, exitCode);
        Assert.True(load.Failures.Count == 0, $"failed calls: {string.Join("; ", load.Failures.Take(5))}\n{cluster.Logs()}");
        Assert.NotEqual(host.Name, await ReplicaHostAsync(cluster));
    }

    [Fact]
    public async Task A_silo_killed_with_sigkill_loses_its_replica_and_the_cluster_serves_again_within_the_stated_bound()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var host = cluster.Named(await ReplicaHostAsync(cluster));
        var entries = cluster.Silos.Where(s => s != host).ToArray();
        await using var load = new LightLoad(entries.Select(e => e.Inference).ToArray(), Request, TimeSpan.FromMilliseconds(20));
        await Eventually.TrueAsync(() => Task.FromResult(load.Succeeded >= 20), TimeSpan.FromSeconds(30), "load to flow");

        var killedAt = load.Elapsed;
        host.Kill();
        await host.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(
            () => Task.FromResult(load.Outcomes.Count(o => o.At > killedAt && o.Code == StatusCode.OK) >= 50),
            RecoveryBound + TimeSpan.FromSeconds(30),
            "calls to succeed again after the kill");
        await load.StopAsync();

        var lastFailure = load.Failures.Where(f => f.At > killedAt).Select(f => f.At).DefaultIfEmpty(killedAt).Max();
        var recovery = lastFailure - killedAt;
        output.WriteLine($"served again {recovery.TotalSeconds:0.0} s after SIGKILL; {load.Failures.Count} calls failed meanwhile ({string.Join(", ", load.Failures.GroupBy(f => f.Code).Select(g => $"{g.Key}×{g.Count()}"))})");
        Assert.True(recovery <= RecoveryBound, $"the cluster served again only after {recovery.TotalSeconds:0.0} s");
        Assert.All(load.Failures, f => Assert.True(f.Code is StatusCode.Unavailable or StatusCode.DeadlineExceeded, $"{f.Code}: {f.Detail}"));
        await cluster.WaitForMembershipAsync(RecoveryBound);
        Assert.NotEqual(host.Name, await ReplicaHostAsync(cluster));
    }

    [Fact]
    public async Task A_silo_that_joins_takes_new_activations()
    {
        await using var cluster = await ProcessCluster.StartAsync(2);
        var joined = (await cluster.AddSilosAsync(1)).Single();

        // A model added to the repository now, with one replica per silo: placement spreads them.
        var staging = Path.Combine(cluster.Settings.WorkDirectory, "staging");
        DemoRepository.WriteModel(staging, "late-arrival", 1, ModelSynthesizer.Mlp(MlpSpec.DemoClassifier), new ModelConfig { Deployment = new DeploymentConfig { Replicas = 3 } });
        Directory.Move(Path.Combine(staging, "late-arrival"), Path.Combine(cluster.Settings.RepositoryRoot, "late-arrival"));

        await Eventually.TrueAsync(
            async () => (await joined.Cluster.ListReplicasAsync(new ListReplicasRequest { Model = "late-arrival" })).Replicas is { Count: 3 } replicas
                && replicas.Select(r => r.SiloName).Distinct().Count() == 3,
            TimeSpan.FromSeconds(60),
            "the new model's three replicas on three silos");
        var response = await joined.Inference.ModelInferAsync(Requests.RawFp32("late-arrival", "input", new float[64], 1, 64));
        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
    }

    [Fact]
    public async Task A_full_cluster_restart_keeps_tenants_keys_and_usage_and_serves()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var key = await TenantSetup.CreateWithKeyAsync(cluster.Silos[0].Tenants, "durable", new QuotaLimits { MonthlyUnits = 1_000_000 });
        for (var call = 0; call < 6; call++)
        {
            await cluster.Silos[call % 3].InferenceAs(key).ModelInferAsync(Request());
        }

        // Monthly usage is the ledger's: wait until every silo has shipped the six calls.
        long before = 0;
        await Eventually.TrueAsync(
            async () => (before = (await cluster.Silos[0].Tenants.GetQuotaAsync(new GetQuotaRequest { TenantId = "durable" })).MonthlyUnitsUsed) == 6 * 64,
            TimeSpan.FromSeconds(30),
            $"the ledger to count the 6 calls of 64 units (has {before})");

        var exits = await cluster.StopAllAsync();
        Assert.All(exits, code => Assert.Equal(0, code));
        await cluster.AddSilosAsync(3);

        var after = await cluster.Silos[1].Tenants.GetQuotaAsync(new GetQuotaRequest { TenantId = "durable" });
        Assert.Equal(before, after.MonthlyUnitsUsed);
        Assert.Contains("durable", (await cluster.Silos[2].Tenants.ListTenantsAsync(new ListTenantsRequest())).Tenants.Select(t => t.Id));
        foreach (var silo in cluster.Silos)
        {
            var response = await silo.InferenceAs(key).ModelInferAsync(Request());
            Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
        }
    }

    [Fact]
    public async Task A_silo_whose_grpc_port_is_taken_exits_with_1_and_names_the_port()
    {
        await using var cluster = await ProcessCluster.StartAsync(0);
        var taken = new TcpListener(IPAddress.Loopback, FreePorts.Next());
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            await using var silo = SiloProcess.Start("silo-late", cluster.Settings, [$"--Granary:Grpc:Port={port}"]);

            Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(90)));
            Assert.Contains($"127.0.0.1:{port}: address already in use", silo.Tail());
        }
        finally
        {
            taken.Stop();
        }
    }

    private static async Task<string> ReplicaHostAsync(ProcessCluster cluster)
    {
        var entry = cluster.Silos[0];
        await entry.Inference.ModelInferAsync(Request(), deadline: DateTime.UtcNow.AddSeconds(30));
        var replicas = (await entry.Cluster.ListReplicasAsync(new ListReplicasRequest { Model = Model })).Replicas;
        return replicas.Single().SiloName;
    }
}
