using Granary.Protocol.Inference;
using Granary.Tenants;
using Granary.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Tenants;

/// <summary>The silo-wide bound on unknown-key lookups, over gRPC: past it unknown keys get 429's status, known keys go on.</summary>
public sealed class KeyLookupBudgetTests
{
    private const string AdminKey = "lookup-budget-admin-key-0123456789";

    [Fact]
    public async Task Past_the_silo_s_lookup_budget_an_unknown_key_is_resource_exhausted_and_a_known_key_still_authenticates()
    {
        await SiloRun.OnceAsync(AdminKey, ["--Granary:Repository:DemoModels=false", "--Granary:Auth:KeyLookupsPerSecond=0.1", "--Granary:Auth:KeyLookupBurst=2"], async channel =>
        {
            var key = await TenantSetup.CreateWithKeyAsync(new TenantsClient(channel.WithApiKey(AdminKey)), TenantSetup.UniqueId("lookups"));

            await Assertions.FailsWith(StatusCode.NotFound, () => MetadataAsync(channel, key));
            await Assertions.FailsWith(StatusCode.Unauthenticated, () => MetadataAsync(channel, ApiKeys.Generate().Secret));
            var throttled = await Assertions.FailsWith(StatusCode.ResourceExhausted, () => MetadataAsync(channel, ApiKeys.Generate().Secret));
            await Assertions.FailsWith(StatusCode.NotFound, () => MetadataAsync(channel, key));

            Assert.Contains("every address together", throttled.Status.Detail);
        });
    }

    /// <summary>An authenticated call for a model this silo does not have: NOT_FOUND once the key is accepted.</summary>
    private static Task MetadataAsync(GrpcChannel channel, string key) =>
        new GRPCInferenceService.GRPCInferenceServiceClient(channel.WithApiKey(key)).ModelMetadataAsync(new ModelMetadataRequest { Name = "absent" }).ResponseAsync;
}
