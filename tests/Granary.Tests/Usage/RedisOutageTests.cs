using System.Diagnostics;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Granary.Tests.Tenants;
using Granary.Usage;
using Microsoft.Extensions.DependencyInjection;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Usage;

/// <summary>
/// A silo in Redis mode whose ledger Redis is down: inference goes on, the records wait in the silo's log, and
/// they ship once a redis-server starts on that port.
/// </summary>
public sealed class RedisOutageTests
{
    private const int Calls = 20;

    [Fact]
    public async Task While_the_ledger_redis_is_down_no_call_fails_and_every_record_ships_when_it_returns()
    {
        var ledgerPort = FreePorts.Next();
        var silo = new SiloFixture
        {
            ExtraArguments =
            [
                "--Granary:Clustering=Redis",
                "--Granary:Redis=127.0.0.1:6379",
                $"--Granary:Orleans:ServiceId=test-{Guid.NewGuid():N}",
                $"--Granary:Usage:Redis=127.0.0.1:{ledgerPort},connectTimeout=500",
                $"--Granary:Usage:RedisPrefix=test:{Guid.NewGuid():N}:",
                "--Granary:Usage:ShipInterval=00:00:00.200",
            ],
        };
        await silo.InitializeAsync();
        Process? ledger = null;
        try
        {
            var tenant = TenantSetup.UniqueId("outage");
            var key = await TenantSetup.CreateWithKeyAsync(new TenantsClient(silo.Channel.WithApiKey(SiloFixture.AdminKey)), tenant);
            var client = new GRPCInferenceService.GRPCInferenceServiceClient(silo.Channel.WithApiKey(key));
            for (var i = 0; i < Calls; i++)
            {
                await client.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", new float[64], 1, 64));
            }

            ledger = Process.Start(new ProcessStartInfo("redis-server", ["--port", ledgerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
            })!;
            var store = silo.Services.GetRequiredService<IUsageStore>();
            var query = new UsageQuery(tenant, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), UsageBucket.Day, [], 0, null);
            long shipped = 0;
            await Eventually.TrueAsync(
                async () =>
                {
                    shipped = await ShippedAsync(store, query);
                    return shipped >= Calls;
                },
                TimeSpan.FromSeconds(30),
                $"{Calls} records to ship once the ledger's Redis is up");
            Assert.Equal(Calls, shipped);
        }
        finally
        {
            await silo.DisposeAsync();
            if (ledger is not null)
            {
                ledger.Kill();
                await ledger.WaitForExitAsync();
                ledger.Dispose();
            }
        }
    }

    /// <summary>The tenant's requests in the store; while Redis is still coming up, none.</summary>
    private static async Task<long> ShippedAsync(IUsageStore store, UsageQuery query)
    {
        try
        {
            return (await store.QueryAsync(query, CancellationToken.None)).Rows.Sum(r => r.Requests);
        }
        catch (StackExchange.Redis.RedisException)
        {
            return 0;
        }
    }
}
