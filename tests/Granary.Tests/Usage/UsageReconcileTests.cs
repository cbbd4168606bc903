using Granary.Protocol.Inference;
using Xunit.Abstractions;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Granary.Tests.Tenants;
using UsageClient = Granary.Protocol.V1.Usage.UsageClient;

namespace Granary.Tests.Usage;

/// <summary>
/// The kill-and-reconcile run: three silo processes on Redis, two tenants calling two models through every
/// silo with a client that retries with idempotency keys; one silo is killed with SIGKILL mid-run and started
/// again. Each tenant × model total in the usage report equals the calls the client saw answered, exceeding it
/// by at most the calls that finally failed after all retries.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class UsageReconcileTests(ITestOutputHelper output)
{
    private static readonly string[] Models = ["mlp-classifier", TestModels.BatchedMlp];
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(14);
    private const int MostCallsPerCaller = 2_000;

    [Fact]
    public async Task Billed_calls_per_tenant_and_model_match_the_answered_calls_across_a_sigkill_and_restart()
    {
        await using var cluster = await ProcessCluster.StartAsync(3);
        var admin = cluster.Silos[0];
        var tenants = new[] { TenantSetup.UniqueId("recon-a"), TenantSetup.UniqueId("recon-b") };
        var keys = new Dictionary<string, string>();
        foreach (var tenant in tenants)
        {
            keys[tenant] = await TenantSetup.CreateWithKeyAsync(admin.Tenants, tenant);
        }

        var callers = (from tenant in tenants from model in Models select (tenant, model, caller: new RetryingCaller(() => cluster.Silos.Select(s => s.InferenceAs(keys[tenant])).ToArray()))).ToArray();
        using var stop = new CancellationTokenSource(LoadFor);
        var load = callers.Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < MostCallsPerCaller && !stop.IsCancellationRequested; i++)
            {
                await c.caller.CallAsync(Requests.RawFp32(c.model, "input", new float[64], 1, 64));
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var victim = cluster.Named("silo-2");
        victim.Kill();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(30));
        await cluster.RestartAsync(victim);
        await Task.WhenAll(load);

        var usage = new UsageClient(cluster.Silos[0].Channel.WithApiKey(ProcessClusterSettings.AdminKey));
        foreach (var (tenant, model, caller) in callers)
        {
            Assert.True(caller.Answered > 0, $"{tenant} × {model}: no call was answered");
            long billed = 0;
            await Eventually.TrueAsync(
                async () =>
                {
                    billed = await BilledAsync(usage, tenant, model);
                    return billed >= caller.Answered;
                },
                TimeSpan.FromSeconds(90),
                $"{tenant} × {model}: billed {billed} of {caller.Answered} answered calls");
            output.WriteLine($"{tenant} × {model}: answered {caller.Answered}, finally failed {caller.FinallyFailed}, billed {billed}");
            Assert.InRange(billed, caller.Answered, caller.Answered + caller.FinallyFailed);
        }
    }

    private static async Task<long> BilledAsync(UsageClient usage, string tenant, string model)
    {
        var request = new GetUsageRequest
        {
            TenantId = tenant,
            From = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"),
            To = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd"),
            Bucket = "month",
            GroupBy = { "model" },
            PageSize = 1000,
        };
        var rows = (await usage.GetUsageAsync(request)).Rows;
        return rows.Where(r => r.Model == model).Sum(r => r.Requests - r.Errors);
    }
}
