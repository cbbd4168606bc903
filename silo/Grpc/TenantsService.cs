using Granary.Protocol.V1;
using Granary.Tenants;
using Grpc.Core;

namespace Granary.Silo.Grpc;

/// <summary>
/// granary.v1.Tenants: tenants, API keys and quotas. The interceptor keeps it to admin keys, but for the reads a
/// tenant key may make about its own tenant (GetTenant, ListTenants, ListApiKeys, GetQuota): another tenant's is
/// PERMISSION_DENIED, and ListTenants lists only its own. No write is open to a tenant key.
/// </summary>
public sealed class TenantsService(IGrainFactory grains) : Protocol.V1.Tenants.TenantsBase
{
    public override async Task<Tenant> CreateTenant(CreateTenantRequest request, ServerCallContext context)
    {
        TenantIds.Validate(request.Id);
        return TenantMessages.ToWire(await Grain(request.Id).CreateAsync(request.Name, request.Plan, request.Region, TenantMessages.ToDomain(request.Quota)));
    }

    public override async Task<Tenant> GetTenant(GetTenantRequest request, ServerCallContext context) =>
        TenantMessages.ToWire(await ExistingAsync(ReadableBy(context, request.Id)));

    public override async Task<ListTenantsResponse> ListTenants(ListTenantsRequest request, ServerCallContext context)
    {
        var caller = GrpcCredentials.CallerOf(context);
        IReadOnlyList<string> ids = caller.IsAdmin ? await grains.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).ListAsync() : [caller.TenantId];
        var profiles = await Task.WhenAll(ids.Select(id => Grain(id).GetAsync()));
        var response = new ListTenantsResponse();
        response.Tenants.Add(profiles.OfType<TenantProfile>().Select(TenantMessages.ToWire));
        return response;
    }

    public override async Task<Tenant> SuspendTenant(SuspendTenantRequest request, ServerCallContext context) =>
        TenantMessages.ToWire(await Grain(Validated(request.Id)).SetStatusAsync(TenantStatus.Suspended));

    public override async Task<Tenant> ResumeTenant(ResumeTenantRequest request, ServerCallContext context) =>
        TenantMessages.ToWire(await Grain(Validated(request.Id)).SetStatusAsync(TenantStatus.Active));

    public override async Task<Protocol.V1.IssuedApiKey> IssueApiKey(IssueApiKeyRequest request, ServerCallContext context)
    {
        var issued = await Grain(Validated(request.TenantId)).IssueKeyAsync(request.Name);
        return new Protocol.V1.IssuedApiKey { Key = TenantMessages.ToWire(issued.Key), Secret = issued.Secret };
    }

    public override async Task<ApiKey> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context) =>
        TenantMessages.ToWire(await Grain(Validated(request.TenantId)).RevokeKeyAsync(request.KeyId));

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        var response = new ListApiKeysResponse();
        response.Keys.Add((await Grain(ReadableBy(context, request.TenantId)).ListKeysAsync()).Select(TenantMessages.ToWire));
        return response;
    }

    public override async Task<Tenant> SetQuota(SetQuotaRequest request, ServerCallContext context) =>
        TenantMessages.ToWire(await Grain(Validated(request.TenantId)).SetQuotaAsync(TenantMessages.ToDomain(request.Quota)));

    public override async Task<Protocol.V1.QuotaUsage> GetQuota(GetQuotaRequest request, ServerCallContext context)
    {
        await ExistingAsync(ReadableBy(context, request.TenantId));
        return TenantMessages.ToWire(request.TenantId, await grains.GetGrain<IQuotaGrain>(request.TenantId).GetUsageAsync());
    }

    private ITenantGrain Grain(string id) => grains.GetGrain<ITenantGrain>(id);

    private static string Validated(string id)
    {
        TenantIds.Validate(id);
        return id;
    }

    /// <summary>The tenant id, when the caller may read it: an admin any, a tenant key its own.</summary>
    private static string ReadableBy(ServerCallContext context, string id)
    {
        var caller = GrpcCredentials.CallerOf(context);
        return caller.IsAdmin || id == caller.TenantId
            ? Validated(id)
            : throw new PermissionDeniedException($"a key of tenant '{caller.TenantId}' may read only its own tenant, not '{id}'");
    }

    private async Task<TenantProfile> ExistingAsync(string id) =>
        await Grain(Validated(id)).GetAsync() ?? throw new TenantNotFoundException($"tenant '{id}' not found");
}
