using Granary.Tenants.Admission;

namespace Granary.UnitTests.FrontDoor;

public sealed class FrontDoorAdmissionTests
{
    [Fact]
    public async Task An_admin_is_served_without_being_admitted_against_a_quota()
    {
        var harness = new FrontDoorHarness();

        var outcome = await harness.Door.InferAsync(FrontDoorHarness.Admin, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None);

        Assert.Equal(["authenticate", "get model", "resolve", "decode", "route"], harness.Log.Steps);
        Assert.Same(Admission.Unlimited, outcome.RateLimits);
        Assert.Empty(harness.Admission.Grain.Received);
    }

    [Fact]
    public async Task The_admission_holds_its_slot_while_routing_and_gives_it_back_after()
    {
        var harness = new FrontDoorHarness();
        bool? freeWhileRouting = null;
        harness.Replicas.WhileRouting = async () => freeWhileRouting = await harness.Admission.SlotIsFreeAsync();

        await harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None);

        Assert.False(freeWhileRouting, "the slot was free while the request was on its replica");
        Assert.True(await harness.Admission.SlotIsFreeAsync(), "the slot was still held after the call");
    }

    [Fact]
    public async Task The_admission_gives_its_slot_back_when_routing_fails()
    {
        var harness = new FrontDoorHarness();
        harness.Replicas.Failure = new TimeoutException("the replica did not answer");

        await Assert.ThrowsAsync<TimeoutException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None));

        Assert.True(await harness.Admission.SlotIsFreeAsync(), "the slot was still held after the failed call");
    }
}
