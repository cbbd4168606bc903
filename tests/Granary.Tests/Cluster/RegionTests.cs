using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Grpc.Core;
using Xunit.Abstractions;

namespace Granary.Tests.Cluster;

/// <summary>Data residency on silo processes: a tenant with a region is served only by replicas on silos of that region.</summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class RegionTests(ITestOutputHelper output)
{
    private const int Elements = 64;
    private const string ReplicaHeader = "granary-replica";

    private static ModelInferRequest Request() => Requests.RawFp32("mlp-classifier", "input", new float[Elements], 1, Elements);

    [Fact]
    public async Task An_eu_tenant_calling_a_us_silo_is_served_only_by_eu_replicas_and_a_tenant_without_a_region_by_any()
    {
        await using var cluster = await ProcessCluster.StartAsync(0);
        await cluster.AddSilosAsync(2, "--Granary:Labels:region=eu");
        var us = (await cluster.AddSilosAsync(1, "--Granary:Labels:region=us"))[0];
        var euSilos = cluster.Silos.Where(s => s != us).Select(s => s.Name).ToHashSet();
        var euKey = await CreateWithKeyAsync(us.Tenants, "resident-eu", "eu");
        var anyKey = await CreateWithKeyAsync(us.Tenants, "anywhere", "");

        var euClient = us.InferenceAs(euKey);
        var servedBy = new HashSet<string>(StringComparer.Ordinal);
        for (var call = 0; call < 20; call++)
        {
            servedBy.Add(await ReplicaOfAsync(euClient.ModelInferAsync(Request())));
        }

        var silos = (await us.Cluster.ListReplicasAsync(new ListReplicasRequest { Model = "mlp-classifier" })).Replicas.ToDictionary(r => r.Id, r => r.SiloName);
        output.WriteLine($"eu tenant served by {string.Join(", ", servedBy.Select(r => $"{r} on {silos.GetValueOrDefault(r, "?")}"))}");
        Assert.All(servedBy, replica =>
        {
            Assert.Contains("/eu/", replica, StringComparison.Ordinal);
            Assert.Contains(silos[replica], euSilos);
        });

        var anyClient = us.InferenceAs(anyKey);
        for (var call = 0; call < 5; call++)
        {
            var replica = await ReplicaOfAsync(anyClient.ModelInferAsync(Request()));
            Assert.DoesNotContain("/eu/", replica, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_tenant_whose_region_has_no_silo_is_refused_with_failed_precondition_naming_the_region()
    {
        await using var cluster = await ProcessCluster.StartAsync(0);
        var eu = (await cluster.AddSilosAsync(1, "--Granary:Labels:region=eu"))[0];
        var apKey = await CreateWithKeyAsync(eu.Tenants, "resident-ap", "ap");

        var refused = await Assert.ThrowsAsync<RpcException>(() => eu.InferenceAs(apKey).ModelInferAsync(Request()).ResponseAsync);
        output.WriteLine(refused.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("'ap'", refused.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<string> ReplicaOfAsync(AsyncUnaryCall<ModelInferResponse> call)
    {
        await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;
        return headers.GetValue(ReplicaHeader) ?? throw new InvalidOperationException($"no {ReplicaHeader} header");
    }

    private static async Task<string> CreateWithKeyAsync(Granary.Protocol.V1.Tenants.TenantsClient admin, string id, string region)
    {
        await admin.CreateTenantAsync(new CreateTenantRequest { Id = id, Name = id, Plan = "test", Region = region, Quota = new QuotaLimits() });
        return (await admin.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = id, Name = "test" })).Secret;
    }
}
