using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Grpc.Core;
using ModelsClient = Granary.Protocol.V1.Models.ModelsClient;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Tenants;

[Collection(SiloCollection.Name)]
public sealed class AuthenticationTests(SiloFixture silo)
{
    private TenantsClient Admin => new(silo.Channel.WithApiKey(SiloFixture.AdminKey));

    private GRPCInferenceService.GRPCInferenceServiceClient InferenceWith(string key) => new(silo.Channel.WithApiKey(key));

    private static ModelInferRequest Request(string model = "mlp-classifier") => Requests.RawFp32(model, "input", new float[64], 1, 64);

    [Fact]
    public async Task A_call_without_a_key_or_with_an_unknown_key_is_unauthenticated_but_liveness_needs_none()
    {
        var anonymous = new GRPCInferenceService.GRPCInferenceServiceClient(silo.Channel);

        var missing = await Assertions.FailsWith(StatusCode.Unauthenticated, () => anonymous.ModelInferAsync(Request()).ResponseAsync);
        await Assertions.FailsWith(StatusCode.Unauthenticated, () => InferenceWith("gk_000000000000_not-a-real-secret").ModelInferAsync(Request()).ResponseAsync);
        await Assertions.FailsWith(StatusCode.Unauthenticated, () => InferenceWith("some-other-string").ModelMetadataAsync(new ModelMetadataRequest { Name = "echo" }).ResponseAsync);

        Assert.Contains("authorization: Bearer", missing.Status.Detail);
        Assert.True((await anonymous.ServerLiveAsync(new ServerLiveRequest())).Live);
    }

    [Fact]
    public async Task A_tenant_key_works_with_either_header_and_is_refused_by_the_admin_api()
    {
        var key = await TenantSetup.CreateWithKeyAsync(Admin, TenantSetup.UniqueId("auth"));
        var viaApiKeyHeader = new GRPCInferenceService.GRPCInferenceServiceClient(silo.Channel);

        var bearer = await InferenceWith(key).ModelInferAsync(Request());
        var apiKey = await viaApiKeyHeader.ModelInferAsync(Request(), new Metadata { { "x-api-key", key } });

        Assert.Equal(new long[] { 1, 10 }, bearer.Outputs[0].Shape);
        Assert.Equal(new long[] { 1, 10 }, apiKey.Outputs[0].Shape);
        var denied = await Assertions.FailsWith(StatusCode.PermissionDenied, () =>
            new TenantsClient(silo.Channel.WithApiKey(key)).CreateTenantAsync(new CreateTenantRequest { Id = TenantSetup.UniqueId("not-mine"), Name = "no" }).ResponseAsync);
        Assert.Contains("admin", denied.Status.Detail);
    }

    [Fact]
    public async Task A_model_reserved_for_another_tenant_is_not_found_and_not_listed_for_this_one()
    {
        var outsider = await TenantSetup.CreateWithKeyAsync(Admin, TenantSetup.UniqueId("outsider"));
        var owner = await TenantSetup.CreateWithKeyAsync(Admin, TestModels.PrivateModelTenant);

        var hidden = await Assertions.FailsWith(StatusCode.NotFound, () => InferenceWith(outsider).ModelInferAsync(Request(TestModels.PrivateModel)).ResponseAsync);
        var served = await InferenceWith(owner).ModelInferAsync(Request(TestModels.PrivateModel));

        Assert.Equal($"model '{TestModels.PrivateModel}' not found", hidden.Status.Detail);
        Assert.Equal(new long[] { 1, 10 }, served.Outputs[0].Shape);
        var listed = (await new ModelsClient(silo.Channel.WithApiKey(outsider)).ListModelsAsync(new ListModelsRequest())).Models.Select(m => m.Name);
        Assert.DoesNotContain(TestModels.PrivateModel, listed);
        var counted = (await InferenceWith(outsider).ModelStatisticsAsync(new ModelStatisticsRequest())).ModelStats.Select(m => m.Name).ToArray();
        Assert.Contains("mlp-classifier", counted);
        Assert.DoesNotContain(TestModels.PrivateModel, counted);
    }

    [Fact]
    public async Task Revoking_a_key_and_suspending_a_tenant_take_effect_within_the_cache_bound()
    {
        var tenant = TenantSetup.UniqueId("lifecycle");
        var revoked = await TenantSetup.CreateWithKeyAsync(Admin, tenant);
        var other = (await Admin.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = tenant, Name = "second" })).Secret;
        await InferenceWith(revoked).ModelInferAsync(Request());
        var keyId = (await Admin.ListApiKeysAsync(new ListApiKeysRequest { TenantId = tenant })).Keys.First().Id;

        await Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { TenantId = tenant, KeyId = keyId });
        await Eventually.FailsWithinAsync(() => InferenceWith(revoked).ModelInferAsync(Request()).ResponseAsync, StatusCode.Unauthenticated, TimeSpan.FromSeconds(5));
        await InferenceWith(other).ModelInferAsync(Request());

        await Admin.SuspendTenantAsync(new SuspendTenantRequest { Id = tenant });
        await Eventually.FailsWithinAsync(() => InferenceWith(other).ModelInferAsync(Request()).ResponseAsync, StatusCode.PermissionDenied, TimeSpan.FromSeconds(5));
        await Admin.ResumeTenantAsync(new ResumeTenantRequest { Id = tenant });
        await Eventually.TrueAsync(async () => (await InferenceWith(other).ModelInferAsync(Request())).Outputs.Count == 1, TimeSpan.FromSeconds(5), "the resumed tenant to be served");
    }
}
