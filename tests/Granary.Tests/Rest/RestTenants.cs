using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Granary.Tests.Tenants;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Rest;

/// <summary>Tenants for REST tests, created through the admin gRPC API as an operator would.</summary>
public static class RestTenants
{
    public static string MlpRequest { get; } =
        $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 64], "data": [{{string.Join(", ", Enumerable.Repeat("0.5", 64))}}]}]}""";

    public static TenantsClient Admin(SiloFixture silo) => new(silo.Channel.WithApiKey(SiloFixture.AdminKey));

    public static Task<string> CreateAsync(SiloFixture silo, string prefix, QuotaLimits? quota = null) =>
        TenantSetup.CreateWithKeyAsync(Admin(silo), TenantSetup.UniqueId(prefix), quota);
}
