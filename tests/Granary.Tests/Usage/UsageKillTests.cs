using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Granary.Tests.Tenants;
using Granary.Usage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Granary.Tests.Usage;

/// <summary>A silo process killed with SIGKILL loses no record of a call it answered: a silo on its disk ships them.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class UsageKillTests
{
    private const int Calls = 25;

    [Fact]
    public async Task Every_answered_call_of_a_sigkilled_silo_reaches_the_ledger_through_a_silo_on_its_disk()
    {
        await using var cluster = await ProcessCluster.StartAsync(1);
        // Shipping only at start, so every record is still in the local log when the silo is killed.
        var doomed = (await cluster.AddSilosAsync(1, "--Granary:Usage:ShipInterval=00:10:00"))[0];
        var tenant = TenantSetup.UniqueId("killed");
        var client = doomed.InferenceAs(await TenantSetup.CreateWithKeyAsync(doomed.Tenants, tenant));
        for (var i = 0; i < Calls; i++)
        {
            await client.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", new float[64], 1, 64));
        }

        doomed.Kill();
        await doomed.WaitForExitAsync(TimeSpan.FromSeconds(30));

        await using var store = new RedisUsageStore(
            ConfigurationOptions.Parse(cluster.Settings.RedisConnectionString), Options.Create(new UsageOptions { RedisPrefix = $"{cluster.Settings.ServiceId}:" }));
        var query = new UsageQuery(tenant, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), UsageBucket.Day, [UsageDimension.Status], 0, null);
        long billed = 0;
        await Eventually.TrueAsync(
            async () =>
            {
                billed = (await store.QueryAsync(query, CancellationToken.None)).Rows.Where(r => r.Status == UsageStatus.Ok).Sum(r => r.Requests);
                return billed >= Calls;
            },
            TimeSpan.FromSeconds(60),
            $"the killed silo's {Calls} records in the ledger (have {billed})");
        Assert.Equal(Calls, billed);
    }
}
