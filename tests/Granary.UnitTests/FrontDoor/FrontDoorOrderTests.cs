using Granary.FrontDoor;
using Granary.Inference;
using Granary.Tenants;

namespace Granary.UnitTests.FrontDoor;

public sealed class FrontDoorOrderTests
{
    [Fact]
    public async Task An_inference_authenticates_resolves_decodes_admits_then_routes()
    {
        var harness = new FrontDoorHarness();

        var outcome = await harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", Iris.Input(rows: 2)), CancellationToken.None);

        Assert.Equal(["authenticate", "get model", "resolve", "decode", "admit", "route"], harness.Log.Steps);
        Assert.Equal(("acme", 8L), Assert.Single(harness.Admission.Admitted));
        Assert.Equal("iris/1/0", outcome.Response.ReplicaId);
    }

    [Fact]
    public async Task A_bad_key_is_refused_before_the_model_is_looked_up()
    {
        var harness = new FrontDoorHarness();

        await Assert.ThrowsAsync<UnauthenticatedException>(
            () => harness.Door.InferAsync(new Credential("stolen"), Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None));

        Assert.Equal(["authenticate"], harness.Log.Steps);
    }

    [Fact]
    public async Task A_missing_key_is_refused_before_the_model_is_looked_up()
    {
        var harness = new FrontDoorHarness();

        await Assert.ThrowsAsync<UnauthenticatedException>(
            () => harness.Door.InferAsync(Credential.None, Iris.Call(harness.Log, "iris", Iris.Input()), CancellationToken.None));

        Assert.Equal(["authenticate"], harness.Log.Steps);
    }

    [Fact]
    public async Task A_model_the_tenant_may_not_see_is_not_found_and_its_body_never_decoded()
    {
        var harness = new FrontDoorHarness(Iris.Model("private", tenants: "globex"));

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "private", Iris.Input()), CancellationToken.None));

        Assert.Equal("model 'private' not found", error.Message);
        Assert.Equal(["authenticate", "get model"], harness.Log.Steps);
    }

    [Fact]
    public async Task A_model_the_tenant_may_not_see_answers_as_one_that_does_not_exist()
    {
        var harness = new FrontDoorHarness(Iris.Model("private", tenants: "globex"));

        var hidden = await Assert.ThrowsAsync<ModelNotFoundException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "private", Iris.Input()), CancellationToken.None));
        var missing = await Assert.ThrowsAsync<ModelNotFoundException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "nothing", Iris.Input()), CancellationToken.None));

        Assert.Equal(missing.Message.Replace("nothing", "private", StringComparison.Ordinal), hidden.Message);
    }

    [Fact]
    public async Task An_admin_sees_a_model_listed_for_other_tenants()
    {
        var harness = new FrontDoorHarness(Iris.Model("private", tenants: "globex"));

        var outcome = await harness.Door.InferAsync(FrontDoorHarness.Admin, Iris.Call(harness.Log, "private", Iris.Input()), CancellationToken.None);

        Assert.Equal("private/1/0", outcome.Response.ReplicaId);
    }

    [Fact]
    public async Task An_empty_model_name_is_an_invalid_request_found_before_any_lookup()
    {
        var harness = new FrontDoorHarness();

        var error = await Assert.ThrowsAsync<InvalidInferenceRequestException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "", Iris.Input()), CancellationToken.None));

        Assert.Equal("model_name", error.Field);
        Assert.Equal(["authenticate"], harness.Log.Steps);
    }

    [Fact]
    public async Task A_tenant_key_on_an_admin_API_is_denied()
    {
        var harness = new FrontDoorHarness();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => harness.Door.AuthenticateAsync(FrontDoorHarness.Tenant, CallerAccess.Admin).AsTask());
        var admin = await harness.Door.AuthenticateAsync(FrontDoorHarness.Admin, CallerAccess.Admin);

        Assert.True(admin.IsAdmin);
    }
}
