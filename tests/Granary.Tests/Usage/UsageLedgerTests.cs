using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Rest;
using Granary.Tests.Tenants;
using Granary.Usage;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Usage;

/// <summary>Calls over gRPC to an in-process silo land in its embedded usage store, each counted once, errors apart.</summary>
[Collection(SiloCollection.Name)]
public sealed class UsageLedgerTests(SiloFixture silo)
{
    private const int Elements = 64;

    private static readonly TimeSpan ShipBound = TimeSpan.FromSeconds(20);

    private TenantsClient Admin => new(silo.Channel.WithApiKey(SiloFixture.AdminKey));

    private static ModelInferRequest Request(long elements = Elements) =>
        Requests.RawFp32("mlp-classifier", "input", new float[elements], 1, elements);

    private async Task<(string Tenant, GRPCInferenceService.GRPCInferenceServiceClient Client)> TenantAsync(string prefix, QuotaLimits? quota = null)
    {
        var tenant = TenantSetup.UniqueId(prefix);
        return (tenant, new GRPCInferenceService.GRPCInferenceServiceClient(silo.Channel.WithApiKey(await TenantSetup.CreateWithKeyAsync(Admin, tenant, quota))));
    }

    private static Metadata Key(string idempotencyKey) => new() { { "idempotency-key", idempotencyKey } };

    /// <summary>
    /// Sends an invalid call as the tenant's last, waits until the store has it (the log ships in order, so
    /// then it has every earlier call too), and answers the tenant's rows by status.
    /// </summary>
    private async Task<Dictionary<string, UsageRow>> ByStatusOnceShippedAsync(string tenant, GRPCInferenceService.GRPCInferenceServiceClient client)
    {
        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.ModelInferAsync(Request(elements: 3)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var store = silo.Services.GetRequiredService<IUsageStore>();
        var query = new UsageQuery(tenant, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), UsageBucket.Month, [UsageDimension.Status], 0, null);
        var rows = new Dictionary<string, UsageRow>();
        await Eventually.TrueAsync(
            async () =>
            {
                rows = (await store.QueryAsync(query, CancellationToken.None)).Rows.ToDictionary(r => r.Status!);
                return rows.ContainsKey(UsageStatus.InvalidArgument);
            },
            ShipBound,
            $"the last call of {tenant} in the usage store");
        return rows;
    }

    [Fact]
    public async Task A_tenants_ok_calls_are_billed_exactly_once_each_retries_with_one_idempotency_key_once_and_a_reused_request_id_never_merges_calls()
    {
        var (tenant, client) = await TenantAsync("billed");
        for (var i = 0; i < 5; i++)
        {
            var request = Request();
            request.Id = "same-id";
            await client.ModelInferAsync(request, Key($"call-{i}"));
        }

        await client.ModelInferAsync(Request(), Key("call-0"));
        await client.ModelInferAsync(Request());

        var rows = await ByStatusOnceShippedAsync(tenant, client);

        var ok = rows[UsageStatus.Ok];
        Assert.Equal((6L, 0L, 6L * Elements, 6L * 10), (ok.Requests, ok.Errors, ok.UnitsIn, ok.UnitsOut));
        Assert.Equal(1, rows[UsageStatus.InvalidArgument].Errors);
    }

    [Fact]
    public async Task A_rest_call_retried_with_one_idempotency_key_header_is_billed_once()
    {
        var tenant = TenantSetup.UniqueId("rest");
        var key = await TenantSetup.CreateWithKeyAsync(Admin, tenant);
        using var rest = RestCalls.Client(silo, key);
        rest.DefaultRequestHeaders.Add("Idempotency-Key", "rest-call-1");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (await rest.PostJsonAsync("/v2/models/mlp-classifier/infer", RestTenants.MlpRequest)).EnsureSuccessStatusCode();
        }

        var rows = await ByStatusOnceShippedAsync(tenant, new GRPCInferenceService.GRPCInferenceServiceClient(silo.Channel.WithApiKey(key)));

        Assert.Equal(1, rows[UsageStatus.Ok].Requests);
    }

    [Fact]
    public async Task Invalid_and_refused_calls_are_recorded_as_errors_while_the_billed_count_equals_the_calls_answered_ok()
    {
        var (tenant, client) = await TenantAsync("refused", new QuotaLimits { RequestsPerSecond = 1, Burst = 3 });
        var (_, neighbour) = await TenantAsync("neighbour");
        await neighbour.ModelInferAsync(Request());
        var answered = 0;
        var refused = 0;
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await client.ModelInferAsync(Request());
                answered++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                refused++;
            }
        }

        var rows = await ByStatusOnceShippedAsync(tenant, client);

        Assert.Equal(answered, rows[UsageStatus.Ok].Requests);
        Assert.Equal(1, rows[UsageStatus.InvalidArgument].Requests);
        Assert.True(refused > 0, "the quota of 3 calls refused none of 10");
        Assert.Equal(refused, rows[UsageStatus.QuotaExceeded].Requests);
        Assert.Equal(answered + refused + 1, rows.Values.Sum(r => r.Requests));
    }
}
