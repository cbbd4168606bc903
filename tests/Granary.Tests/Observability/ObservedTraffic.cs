using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Tenants;
using Grpc.Core;

namespace Granary.Tests.Observability;

/// <summary>Calls a test makes so that every Granary instrument has something to show: served, refused and admin calls.</summary>
public static class ObservedTraffic
{
    public const string Model = "mlp-classifier";

    public static ModelInferRequest Request() => Requests.RawFp32(Model, "input", new float[64], 1, 64);

    /// <summary>A new tenant that makes <paramref name="calls"/> served calls; returns its id.</summary>
    public static async Task<string> ServedTenantAsync(MonitoredSiloFixture fixture, string prefix, int calls)
    {
        var tenant = TenantSetup.UniqueId(prefix);
        var key = await TenantSetup.CreateWithKeyAsync(fixture.Tenants, tenant);
        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(fixture.Silo.Channel.WithApiKey(key));
        for (var i = 0; i < calls; i++)
        {
            await inference.ModelInferAsync(Request());
        }

        return tenant;
    }

    /// <summary>A new tenant whose monthly budget (1 unit) refuses its one call; returns its id.</summary>
    public static async Task<string> RefusedTenantAsync(MonitoredSiloFixture fixture)
    {
        var tenant = TenantSetup.UniqueId("refused");
        var key = await TenantSetup.CreateWithKeyAsync(fixture.Tenants, tenant, new QuotaLimits { MonthlyUnits = 1 });
        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(fixture.Silo.Channel.WithApiKey(key));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await inference.ModelInferAsync(Request()));
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        return tenant;
    }
}
