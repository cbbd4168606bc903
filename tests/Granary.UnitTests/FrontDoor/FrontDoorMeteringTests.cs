using Granary.Inference;
using Granary.Usage;

namespace Granary.UnitTests.FrontDoor;

/// <summary>Every tenant request leaves exactly one usage record, however it ends; admins and unknown keys leave none.</summary>
public sealed class FrontDoorMeteringTests
{
    [Fact]
    public async Task A_served_tenant_request_is_recorded_once_as_ok_with_its_units_start_and_idempotency_key()
    {
        var harness = new FrontDoorHarness();
        var call = Iris.Call(harness.Log, "iris", Iris.Input(rows: 2)) with { IdempotencyKey = "retry-1" };

        await harness.Door.InferAsync(FrontDoorHarness.Tenant, call, CancellationToken.None);

        var record = Assert.Single(harness.Usage.Records);
        Assert.Equal((UsageStatus.Ok, "acme", "k1", "iris", 8L), (record.Status, record.TenantId, record.KeyId, record.Model, record.UnitsIn));
        Assert.Equal((harness.Time.GetUtcNow(), "silo-1", "retry-1"), (record.StartedAt, record.Silo, record.IdempotencyKey));
        Assert.Equal(32, record.RecordId.Length);
    }

    [Fact]
    public async Task An_invalid_tenant_request_is_recorded_as_invalid_argument_and_not_billed()
    {
        var harness = new FrontDoorHarness();
        var input = new Tensor("x", "INT64", [1, 4], new byte[4 * sizeof(long)]);

        await Assert.ThrowsAsync<InvalidInferenceRequestException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", input), CancellationToken.None));

        var record = Assert.Single(harness.Usage.Records);
        Assert.Equal(UsageStatus.InvalidArgument, record.Status);
        Assert.False(record.IsBilled);
    }

    [Fact]
    public async Task A_full_queue_is_recorded_as_queue_full()
    {
        var harness = new FrontDoorHarness();
        harness.Replicas.Failure = new ReplicaOverloadedException("full", TimeSpan.FromMilliseconds(10));

        await Assert.ThrowsAsync<ReplicaOverloadedException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None));

        Assert.Equal(UsageStatus.QueueFull, Assert.Single(harness.Usage.Records).Status);
    }

    [Fact]
    public async Task An_admin_request_is_not_metered()
    {
        var harness = new FrontDoorHarness();

        await harness.Door.InferAsync(FrontDoorHarness.Admin, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None);

        Assert.Empty(harness.Usage.Records);
    }

    [Fact]
    public async Task An_unknown_key_is_counted_per_reason_but_recorded_against_no_tenant()
    {
        var harness = new FrontDoorHarness();

        await Assert.ThrowsAnyAsync<Exception>(
            () => harness.Door.InferAsync(new Granary.FrontDoor.Credential("nobody"), Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None));

        Assert.Empty(harness.Usage.Records);
        Assert.Equal([UsageStatus.Unauthenticated], harness.Usage.Unattributed);
    }
}
