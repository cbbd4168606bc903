using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Tenants;
using Grpc.Core;
using ModelsClient = Granary.Protocol.V1.Models.ModelsClient;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Versions;

/// <summary>
/// Unload and load (Triton's repository API) and the version policy, over real gRPC: what is unloaded stops
/// serving with FAILED_PRECONDITION saying why, and comes back on load. Only an admin may change a model.
/// </summary>
[Collection(VersionsCollection.Name)]
public sealed class ModelControlTests(VersionsSiloFixture silo)
{
    [Fact]
    public async Task An_unloaded_model_refuses_calls_until_it_is_loaded_again()
    {
        var unloaded = await silo.Models.UnloadModelAsync(new UnloadModelRequest { Name = VersionsSiloFixture.Unloadable });
        var refused = await Assert.ThrowsAsync<RpcException>(() => silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(VersionsSiloFixture.Unloadable)).ResponseAsync);
        var readyWhileUnloaded = await silo.Inference.ModelReadyAsync(new Granary.Protocol.Inference.ModelReadyRequest { Name = VersionsSiloFixture.Unloadable });

        var loaded = await silo.Models.LoadModelAsync(new LoadModelRequest { Name = VersionsSiloFixture.Unloadable });
        var served = await silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(VersionsSiloFixture.Unloadable));

        Assert.True(unloaded.Unloaded);
        Assert.All(unloaded.Versions, v => Assert.Equal(("UNLOADED", 0), (v.State, v.Replicas)));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("is unloaded", refused.Status.Detail);
        Assert.False(readyWhileUnloaded.Ready);
        Assert.False(loaded.Unloaded);
        Assert.All(loaded.Versions, v => Assert.Equal(("READY", 1), (v.State, v.Replicas)));
        Assert.Equal("2", served.ModelVersion);
    }

    [Fact]
    public async Task A_version_policy_unloads_the_versions_it_leaves_out_and_loads_those_it_names()
    {
        var latest = await silo.Models.SetDeploymentAsync(new SetDeploymentRequest { Name = VersionsSiloFixture.Policy, VersionPolicy = new VersionPolicy { Latest = 1 } });
        var pinnedOutside = await Assert.ThrowsAsync<RpcException>(() => silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(VersionsSiloFixture.Policy, "1")).ResponseAsync);

        var specific = await silo.Models.SetDeploymentAsync(new SetDeploymentRequest { Name = VersionsSiloFixture.Policy, VersionPolicy = new VersionPolicy { Specific = { 1, 3 } } });
        var pinnedInside = await silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(VersionsSiloFixture.Policy, "1"));

        Assert.Equal(["UNLOADED", "UNLOADED", "READY"], latest.Versions.Select(v => v.State));
        Assert.Equal(1, latest.Deployment.VersionPolicy.Latest);
        Assert.Equal(StatusCode.FailedPrecondition, pinnedOutside.StatusCode);
        Assert.Contains("v1 is not loaded: outside the version policy latest:1", pinnedOutside.Status.Detail);
        Assert.Equal(["READY", "UNLOADED", "READY"], specific.Versions.Select(v => v.State));
        Assert.Equal("1", pinnedInside.ModelVersion);
    }

    [Fact]
    public async Task Set_deployment_scales_each_loaded_version_to_the_replicas_asked_for()
    {
        var scaled = await silo.Models.SetDeploymentAsync(new SetDeploymentRequest { Name = VersionsSiloFixture.Policy, Replicas = 2 });
        var back = await silo.Models.SetDeploymentAsync(new SetDeploymentRequest { Name = VersionsSiloFixture.Policy, Replicas = 1 });

        Assert.Equal(2, scaled.Deployment.Replicas);
        Assert.All(scaled.Versions.Where(v => v.State != "UNLOADED"), v => Assert.Equal(2, v.Replicas));
        Assert.All(back.Versions.Where(v => v.State != "UNLOADED"), v => Assert.Equal(1, v.Replicas));
    }

    [Fact]
    public async Task A_device_or_memory_no_silo_has_leaves_the_model_unplaceable_until_it_is_changed_back()
    {
        const string Model = VersionsSiloFixture.Redeployed;

        await silo.Models.SetDeploymentAsync(new SetDeploymentRequest { Name = Model, Device = "gpu" });
        await StateAsync(Model, "UNPLACEABLE");
        var onGpu = await Assert.ThrowsAsync<RpcException>(() => silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(Model)).ResponseAsync);
        await silo.Models.SetDeploymentAsync(new SetDeploymentRequest { Name = Model, Device = "cpu", MemoryMib = ModelChangeRulesMaxMemoryMib });
        await StateAsync(Model, "UNPLACEABLE");
        var back = await silo.Models.SetDeploymentAsync(new SetDeploymentRequest { Name = Model, MemoryMib = 256 });
        var ready = await StateAsync(Model, "READY");
        var served = await silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(Model));

        Assert.Equal(StatusCode.FailedPrecondition, onGpu.StatusCode);
        Assert.Contains("no GPU silo", onGpu.Status.Detail);
        Assert.Equal(("cpu", 256L), (back.Deployment.Device, back.Deployment.MemoryMib));
        Assert.Equal(1, ready.Versions.Single().Replicas);
        Assert.Equal("1", served.ModelVersion);
    }

    [Fact]
    public async Task A_tenant_key_may_not_change_a_model()
    {
        var tenantKey = await TenantSetup.CreateWithKeyAsync(new TenantsClient(silo.Channel.WithApiKey(VersionsSiloFixture.AdminKey)), TenantSetup.UniqueId("versions"));
        var tenant = new ModelsClient(silo.Channel.WithApiKey(tenantKey));
        const string Model = VersionsSiloFixture.Routed;

        Func<Task>[] changes =
        [
            () => tenant.SetTrafficAsync(VersionRoutingTests.Split(Model, (1, 100))).ResponseAsync,
            () => tenant.SetDeploymentAsync(new SetDeploymentRequest { Name = Model, Replicas = 2 }).ResponseAsync,
            () => tenant.UnloadModelAsync(new UnloadModelRequest { Name = Model }).ResponseAsync,
            () => tenant.LoadModelAsync(new LoadModelRequest { Name = Model }).ResponseAsync,
        ];
        foreach (var change in changes)
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(change)).StatusCode);
        }

        var model = await silo.Models.GetModelAsync(new GetModelRequest { Name = Model });
        Assert.Empty(model.Traffic);
        Assert.False(model.Unloaded);
    }

    /// <summary>1 TiB: more memory than any test machine has.</summary>
    private const long ModelChangeRulesMaxMemoryMib = 1L << 20;

    private async Task<ModelInfo> StateAsync(string model, string state)
    {
        ModelInfo? info = null;
        await Eventually.TrueAsync(
            async () => (info = await silo.Models.GetModelAsync(new GetModelRequest { Name = model })).Versions.All(v => v.State == state),
            TimeSpan.FromSeconds(30),
            $"every version of {model} to be {state}");
        return info!;
    }
}
