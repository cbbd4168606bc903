using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Grpc.Net.Client;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Storage;

/// <summary>
/// Renames never lose state: grain state written by the layout before the front door (Storage/LegacyState,
/// from commit ec696e8) still loads, so its tenant, quota, keys and bootstrap record all keep working.
/// </summary>
public sealed class LegacyStateTests : IAsyncLifetime
{
    private const string LegacyAdminKey = "gk_6cb6a15562c8_jDA_sEKleqXJco7d-vSiSMdmUsnC4kNSMhpVxUsGXBc";
    private const string LegacyDemoKey = "gk_2657347f9bcf_LD2p18YHGkARRV7DvF-hl17xuSupN-kWbySG0CtO8fc";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));
    private readonly int _grpcPort = FreePorts.Next();
    private Microsoft.AspNetCore.Builder.WebApplication? _app;
    private GrpcChannel? _channel;

    public async Task InitializeAsync()
    {
        TestModels.WriteInto(_root);
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "Storage", "LegacyState"), Path.Combine(_root, ".state"));
        _app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(_grpcPort, 0, _root, Path.Combine(_root, ".state"), adminKey: null),
        ]);
        await _app.StartAsync();
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_grpcPort}");
    }

    [Fact]
    public async Task State_written_before_the_renames_still_loads_tenants_keys_and_quota()
    {
        var admin = new TenantsClient(_channel!.WithApiKey(LegacyAdminKey));
        var tenants = await admin.ListTenantsAsync(new ListTenantsRequest());
        Assert.Contains(tenants.Tenants, t => t.Id == "demo" && t.Plan == "demo");

        var quota = await admin.GetQuotaAsync(new GetQuotaRequest { TenantId = "demo" });
        Assert.Equal("demo", quota.TenantId);

        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(_channel!.WithApiKey(LegacyDemoKey));
        await Eventually.TrueAsync(async () => (await inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the silo to be ready");
        var response = await inference.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", new float[64], 1, 64));
        Assert.Single(response.Outputs);
    }

    [Fact]
    public async Task Reading_a_stored_quota_leaves_a_new_tenant_without_limits_unlimited()
    {
        var admin = new TenantsClient(_channel!.WithApiKey(LegacyAdminKey));
        Assert.Equal(20, (await admin.GetQuotaAsync(new GetQuotaRequest { TenantId = "demo" })).Limits.RequestsPerSecond);

        var fresh = await Tenants.TenantSetup.CreateWithKeyAsync(admin, Tenants.TenantSetup.UniqueId("fresh"));
        var quota = await admin.GetQuotaAsync(new GetQuotaRequest { TenantId = (await admin.ListTenantsAsync(new ListTenantsRequest())).Tenants.Single(t => t.Id.StartsWith("fresh-", StringComparison.Ordinal)).Id });
        Assert.Equal(0, quota.Limits.RequestsPerSecond);

        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(_channel!.WithApiKey(fresh));
        await Eventually.TrueAsync(async () => (await inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the silo to be ready");
        for (var call = 0; call < 60; call++)
        {
            await inference.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", new float[64], 1, 64));
        }
    }

    public async Task DisposeAsync()
    {
        _channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*.bin", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
