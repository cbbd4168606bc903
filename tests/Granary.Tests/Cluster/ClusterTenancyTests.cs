using System.Diagnostics;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Granary.Tests.Tenants;
using Grpc.Core;
using Xunit.Abstractions;

namespace Granary.Tests.Cluster;

/// <summary>Tenants on three silo processes at once: one quota across the cluster, isolation, and revocation everywhere.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ClusterTenancyTests(ITestOutputHelper output)
{
    private const int Elements = 64;

    private static ModelInferRequest Request() => Requests.RawFp32("mlp-classifier", "input", new float[Elements], 1, Elements);

    [Fact]
    public async Task One_tenant_driven_through_every_silo_at_once_is_held_to_its_rate_within_one_slice_per_silo()
    {
        const double rate = 30;
        const int burst = 30;
        const int slicePerSilo = 3; // 100 ms of 30 requests per second: the most one silo is granted (slices shrink as silos lease)
        await using var cluster = await ProcessCluster.StartAsync(3);
        var key = await TenantSetup.CreateWithKeyAsync(cluster.Silos[0].Tenants, "busy", new QuotaLimits { RequestsPerSecond = rate, Burst = burst });
        var clients = cluster.Silos.Select(s => s.InferenceAs(key)).ToArray();

        var clock = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(4);
        var admitted = 0;
        var refused = 0;
        await Task.WhenAll(clients.SelectMany(client => Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var call = 0; call < 2_000 && clock.Elapsed < window; call++)
            {
                try
                {
                    await client.ModelInferAsync(Request());
                    Interlocked.Increment(ref admitted);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }))));
        var elapsed = clock.Elapsed.TotalSeconds;

        var bound = rate * elapsed + burst + (clients.Length * slicePerSilo);
        output.WriteLine($"{admitted} admitted, {refused} refused in {elapsed:0.00} s through {clients.Length} silos; bound {bound:0} (rate·t + burst + one slice per silo), rate·t alone {rate * elapsed:0}");
        Assert.True(admitted <= bound, $"{admitted} admitted, more than the bound {bound:0}");
        Assert.True(admitted >= rate * elapsed * 0.6, $"only {admitted} admitted of {rate * elapsed:0} the rate allows");
        Assert.True(refused > 0);
    }

    [Fact]
    public async Task A_limit_set_on_a_tenant_created_unlimited_is_enforced_on_every_silo_within_five_seconds()
    {
        var bound = TimeSpan.FromSeconds(5);
        await using var cluster = await ProcessCluster.StartAsync(3);
        var admin = cluster.Silos[0].Tenants;
        var key = await TenantSetup.CreateWithKeyAsync(admin, "grows-up");
        var clients = cluster.Silos.Select(s => s.InferenceAs(key)).ToArray();
        foreach (var client in clients)
        {
            for (var call = 0; call < 20; call++)
            {
                await client.ModelInferAsync(Request());
            }
        }

        var clock = Stopwatch.StartNew();
        await admin.SetQuotaAsync(new SetQuotaRequest { TenantId = "grows-up", Quota = new QuotaLimits { RequestsPerSecond = 5, Burst = 5 } });
        await Task.WhenAll(clients.Select(c => Eventually.FailsWithinAsync(() => c.ModelInferAsync(Request()).ResponseAsync, StatusCode.ResourceExhausted, bound)));
        output.WriteLine($"5 requests per second enforced on all 3 silos {clock.Elapsed.TotalSeconds:0.0} s after the change (bound {bound.TotalSeconds:0} s)");
    }

    [Fact]
    public async Task After_a_full_cluster_restart_the_quota_grain_hands_out_no_fresh_burst()
    {
        const double rate = 0.2;
        const int burst = 20;
        await using var cluster = await ProcessCluster.StartAsync(3);
        var key = await TenantSetup.CreateWithKeyAsync(cluster.Silos[0].Tenants, "restarted", new QuotaLimits { RequestsPerSecond = rate, Burst = burst });
        var spent = await CallUntilRefusedAsync(cluster.Silos[0].InferenceAs(key), 2 * burst);
        var clock = Stopwatch.StartNew();
        Assert.InRange(spent, burst - 1, burst + 1);

        Assert.All(await cluster.StopAllAsync(), code => Assert.Equal(0, code));
        await cluster.AddSilosAsync(3);
        var admitted = await CallUntilRefusedAsync(cluster.Silos[0].InferenceAs(key), 2 * burst);

        // What the bucket minted while the cluster was down, and one request of slack; a fresh burst would be 20.
        var bound = (rate * clock.Elapsed.TotalSeconds) + 1;
        output.WriteLine($"{admitted} admitted after a restart {clock.Elapsed.TotalSeconds:0.0} s after the burst was spent (bound {bound:0.0}, a fresh burst {burst})");
        Assert.True(admitted <= bound, $"{admitted} admitted after the restart, more than the {bound:0.0} minted since");
    }

    private static async Task<int> CallUntilRefusedAsync(GRPCInferenceService.GRPCInferenceServiceClient client, int most)
    {
        for (var admitted = 0; admitted < most; admitted++)
        {
            try
            {
                await client.ModelInferAsync(Request());
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return admitted;
            }
        }

        return most;
    }

    [Fact]
    public async Task A_tenant_out_of_budget_is_refused_on_every_silo_while_another_tenant_is_unaffected()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var admin = cluster.Silos[0].Tenants;
        var thrifty = await TenantSetup.CreateWithKeyAsync(admin, "thrifty", new QuotaLimits { MonthlyUnits = 5 * Elements });
        var other = await TenantSetup.CreateWithKeyAsync(admin, "unaffected", new QuotaLimits { RequestsPerSecond = 1000, Burst = 1000 });

        var spent = 0;
        for (var call = 0; call < 20; call++)
        {
            try
            {
                await cluster.Silos[call % 3].InferenceAs(thrifty).ModelInferAsync(Request());
                spent++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                break;
            }
        }

        Assert.InRange(spent, 1, 5);
        foreach (var silo in cluster.Silos)
        {
            var refusal = await Assert.ThrowsAsync<RpcException>(() => silo.InferenceAs(thrifty).ModelInferAsync(Request()).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
            Assert.Contains("monthly budget", refusal.Status.Detail);
            for (var call = 0; call < 10; call++)
            {
                await silo.InferenceAs(other).ModelInferAsync(Request());
            }
        }

        // The monthly counter is the usage ledger's: exactly what was billed, once the silos have shipped their logs.
        long used = 0;
        await Eventually.TrueAsync(
            async () => (used = (await admin.GetQuotaAsync(new GetQuotaRequest { TenantId = "thrifty" })).MonthlyUnitsUsed) == spent * Elements,
            TimeSpan.FromSeconds(30),
            $"the ledger to count {spent * Elements} units (has {used})");
    }

    [Fact]
    public async Task Revoking_a_key_and_suspending_its_tenant_take_effect_on_every_silo_within_five_seconds()
    {
        var bound = TimeSpan.FromSeconds(5);
        await using var cluster = await ProcessCluster.StartAsync(3);
        var admin = cluster.Silos[0].Tenants;
        var revoked = await TenantSetup.CreateWithKeyAsync(admin, "churn");
        var second = (await admin.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = "churn", Name = "second" })).Secret;
        foreach (var silo in cluster.Silos)
        {
            await silo.InferenceAs(revoked).ModelInferAsync(Request());
            await silo.InferenceAs(second).ModelInferAsync(Request());
        }

        var keyId = (await admin.ListApiKeysAsync(new ListApiKeysRequest { TenantId = "churn" })).Keys.First(k => k.Name == "test").Id;
        var clock = Stopwatch.StartNew();
        await admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { TenantId = "churn", KeyId = keyId });
        await Task.WhenAll(cluster.Silos.Select(s => Eventually.FailsWithinAsync(() => s.InferenceAs(revoked).ModelInferAsync(Request()).ResponseAsync, StatusCode.Unauthenticated, bound)));
        var revocation = clock.Elapsed;

        clock.Restart();
        await admin.SuspendTenantAsync(new SuspendTenantRequest { Id = "churn" });
        await Task.WhenAll(cluster.Silos.Select(s => Eventually.FailsWithinAsync(() => s.InferenceAs(second).ModelInferAsync(Request()).ResponseAsync, StatusCode.PermissionDenied, bound)));
        output.WriteLine($"revocation refused on all 3 silos after {revocation.TotalSeconds:0.0} s, suspension after {clock.Elapsed.TotalSeconds:0.0} s (bound {bound.TotalSeconds:0} s)");
    }

    [Fact]
    public async Task Concurrency_slots_held_by_a_silo_that_dies_come_back_to_the_tenant()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var admin = cluster.Silos[0].Tenants;
        var key = await TenantSetup.CreateWithKeyAsync(admin, "crashy", new QuotaLimits { MaxConcurrent = 16 });
        var doomed = cluster.Silos[2];
        int leased;
        await using (var load = new LightLoad([doomed.InferenceAs(key)], Request, TimeSpan.FromMilliseconds(2)))
        {
            await Eventually.TrueAsync(async () => (await admin.GetQuotaAsync(new GetQuotaRequest { TenantId = "crashy" })).ConcurrentLeased > 0, TimeSpan.FromSeconds(30), "the silo under load to lease slots");
            leased = (await admin.GetQuotaAsync(new GetQuotaRequest { TenantId = "crashy" })).ConcurrentLeased;
            doomed.Kill();
            await load.StopAsync();
        }

        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            async () => (await admin.GetQuotaAsync(new GetQuotaRequest { TenantId = "crashy" })).ConcurrentLeased == 0,
            TimeSpan.FromSeconds(15),
            "the dead silo's slots to come back");
        output.WriteLine($"{leased} slot(s) leased by the killed silo came back after {clock.Elapsed.TotalSeconds:0.0} s");
        var response = await cluster.Silos[0].InferenceAs(key).ModelInferAsync(Request());
        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape);
    }
}
