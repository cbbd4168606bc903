using System.Diagnostics;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Grpc.Core;
using Xunit.Abstractions;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Tenants;

/// <summary>A quota change reaches the silo within the stated bound (README: 5 s), both ways.</summary>
[Collection(SiloCollection.Name)]
public sealed class QuotaChangeTests(SiloFixture silo, ITestOutputHelper output)
{
    private const int Elements = 64;

    /// <summary>The README's bound on a change's reach: one lease life (2 s) and a lease call, stated as 5 s.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private TenantsClient Admin => new(silo.Channel.WithApiKey(SiloFixture.AdminKey));

    private static ModelInferRequest Request() => Requests.RawFp32("mlp-classifier", "input", new float[Elements], 1, Elements);

    [Fact]
    public async Task A_limit_set_on_a_tenant_created_unlimited_is_enforced_within_the_bound()
    {
        var id = TenantSetup.UniqueId("tighten");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(silo.Channel.WithApiKey(await TenantSetup.CreateWithKeyAsync(Admin, id)));
        for (var call = 0; call < 60; call++)
        {
            await client.ModelInferAsync(Request());
        }

        var clock = Stopwatch.StartNew();
        await Admin.SetQuotaAsync(new SetQuotaRequest { TenantId = id, Quota = new QuotaLimits { RequestsPerSecond = 5, Burst = 5 } });
        await Eventually.FailsWithinAsync(() => client.ModelInferAsync(Request()).ResponseAsync, StatusCode.ResourceExhausted, Bound);
        var reached = clock.Elapsed;

        // Now held to 5 per second: over one second, no more than rate·t + burst + one slice.
        var window = Stopwatch.StartNew();
        var (admitted, refused) = (0, 0);
        while (window.Elapsed < TimeSpan.FromSeconds(1))
        {
            try
            {
                await client.ModelInferAsync(Request());
                admitted++;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                refused++;
            }
        }

        var bound = (5 * window.Elapsed.TotalSeconds) + 5 + 1;
        output.WriteLine($"refused {reached.TotalSeconds:0.00} s after the change (bound {Bound.TotalSeconds:0} s); then {admitted} admitted, {refused} refused in {window.Elapsed.TotalSeconds:0.00} s (bound {bound:0.0})");
        Assert.True(admitted <= bound, $"{admitted} admitted in {window.Elapsed.TotalSeconds:0.00} s, more than {bound:0.0}");
        Assert.True(refused > 0, "nothing was refused at 5 requests per second");
    }

    [Fact]
    public async Task A_limited_tenant_made_unlimited_is_served_without_refusals_within_the_bound()
    {
        var id = TenantSetup.UniqueId("loosen");
        var client = new GRPCInferenceService.GRPCInferenceServiceClient(silo.Channel.WithApiKey(
            await TenantSetup.CreateWithKeyAsync(Admin, id, new QuotaLimits { RequestsPerSecond = 1, Burst = 1 })));
        await Eventually.FailsWithinAsync(() => client.ModelInferAsync(Request()).ResponseAsync, StatusCode.ResourceExhausted, Bound);

        var clock = Stopwatch.StartNew();
        await Admin.SetQuotaAsync(new SetQuotaRequest { TenantId = id, Quota = new QuotaLimits() });
        await Eventually.TrueAsync(
            async () =>
            {
                for (var call = 0; call < 30; call++)
                {
                    await client.ModelInferAsync(Request());
                }

                return true;
            },
            Bound,
            "30 calls in a row to be admitted");
        output.WriteLine($"unlimited {clock.Elapsed.TotalSeconds:0.00} s after the change (bound {Bound.TotalSeconds:0} s)");
    }
}
