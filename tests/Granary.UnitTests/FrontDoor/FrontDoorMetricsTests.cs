using Granary.Inference;
using Granary.Telemetry;
using Granary.UnitTests.Telemetry;
using Granary.Usage;

namespace Granary.UnitTests.FrontDoor;

/// <summary>Every authenticated inference is counted once by model, version, tenant and status.</summary>
public sealed class FrontDoorMetricsTests
{
    [Fact]
    public async Task A_served_tenant_request_is_counted_once_as_ok_under_its_model_version_and_tenant()
    {
        var harness = new FrontDoorHarness();
        using var requests = new RecordedMeasurements(harness.Meters, GranaryInstruments.Requests);

        await harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None);

        var (value, tags) = Assert.Single(requests.All);
        Assert.Equal(1, value);
        Assert.Equal(("iris", "1", "acme", UsageStatus.Ok), (tags["model"], tags["version"], tags["tenant"], tags["status"]));
    }

    [Fact]
    public async Task A_request_for_an_unknown_model_is_counted_as_unresolved_not_under_the_name_it_sent()
    {
        var harness = new FrontDoorHarness();
        using var requests = new RecordedMeasurements(harness.Meters, GranaryInstruments.Requests);

        await Assert.ThrowsAsync<ModelNotFoundException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "no-such-model", Iris.Input()), CancellationToken.None));

        var (_, tags) = Assert.Single(requests.All);
        Assert.Equal((RequestInstruments.Unresolved, "", UsageStatus.NotFound), (tags["model"], tags["version"], tags["status"]));
    }

    [Fact]
    public async Task An_admin_request_is_counted_under_the_admin_label_and_bills_nothing()
    {
        var harness = new FrontDoorHarness();
        using var requests = new RecordedMeasurements(harness.Meters, GranaryInstruments.Requests);
        using var billed = new RecordedMeasurements(harness.Meters, GranaryInstruments.BilledUnits);

        await harness.Door.InferAsync(FrontDoorHarness.Admin, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None);

        Assert.Equal(TenantLabels.Admin, Assert.Single(requests.All).Tags["tenant"]);
        Assert.Empty(billed.All);
    }

    [Fact]
    public async Task A_quota_refusal_is_counted_under_the_limit_that_refused()
    {
        var harness = new FrontDoorHarness();
        using var held = await harness.Admission.AdmitAsync("acme", 1);
        using var refusals = new RecordedMeasurements(harness.Meters, GranaryInstruments.QuotaRefusals);

        await Assert.ThrowsAsync<Granary.Tenants.QuotaExceededException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None));

        var (value, tags) = Assert.Single(refusals.All);
        Assert.Equal((1L, "acme", "max_concurrent"), (value, tags["tenant"], tags["limit"]));
    }
}
