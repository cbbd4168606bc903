using Granary.Logging;
using Granary.Tenants.Plans;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Granary.Tenants;

/// <summary>
/// One tenant's profile and keys, persisted in the cluster's grain storage. Its quota grain gets the tenant's
/// limits merged with its plan's (<see cref="EffectiveLimits"/>) when the tenant is created or its quota set.
/// </summary>
public sealed partial class TenantGrain(
    [PersistentState("tenant")] IPersistentState<TenantState> state,
    IOptions<PlanOptions> plans,
    TimeProvider time,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<TenantProfile> CreateAsync(string name, string plan, string region, QuotaLimits quota)
    {
        TenantIds.Validate(Id);
        QuotaValidation.Validate(quota);
        if (state.State.Profile is not null)
        {
            throw new TenantConflictException($"tenant '{Id}' exists already");
        }

        state.State.Profile = new TenantProfile(Id, name.Length > 0 ? name : Id, plan, TenantStatus.Active, region, time.GetUtcNow(), quota);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantRegistryGrain>(ITenantRegistryGrain.Key).AddAsync(Id);
        await GrainFactory.GetGrain<IQuotaGrain>(Id).SetLimitsAsync(EffectiveLimits.Of(quota, plans.Value.Find(plan)));
        LogCreated(logger, Id, plan);
        return state.State.Profile;
    }

    public Task<TenantProfile?> GetAsync() => Task.FromResult(state.State.Profile);

    public async Task<TenantProfile> SetStatusAsync(TenantStatus status)
    {
        var profile = Existing() with { Status = status };
        state.State.Profile = profile;
        await state.WriteStateAsync();
        LogStatus(logger, Id, status);
        return profile;
    }

    public async Task<TenantProfile> SetQuotaAsync(QuotaLimits quota)
    {
        QuotaValidation.Validate(quota);
        var profile = Existing() with { Quota = quota };
        state.State.Profile = profile;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IQuotaGrain>(Id).SetLimitsAsync(EffectiveLimits.Of(quota, plans.Value.Find(profile.Plan)));
        return profile;
    }

    public async Task<bool> ApplyPlanAsync()
    {
        if (state.State.Profile is not { } profile)
        {
            return false;
        }

        var quota = GrainFactory.GetGrain<IQuotaGrain>(Id);
        var effective = EffectiveLimits.Of(profile.Quota, plans.Value.Find(profile.Plan));
        if ((await quota.GetUsageAsync()).Limits == effective)
        {
            return false;
        }

        await quota.SetLimitsAsync(effective);
        LogPlanApplied(logger, Id, profile.Plan);
        return true;
    }

    public async Task<IssuedApiKey> IssueKeyAsync(string name)
    {
        Existing();
        var (keyId, secret) = ApiKeys.Generate();
        var record = new ApiKeyRecord(keyId, Id, name, time.GetUtcNow(), null, null);
        await GrainFactory.GetGrain<IApiKeyGrain>(keyId).BindAsync(new KeyBinding(keyId, Id, CallerRole.Tenant, ApiKeys.Hash(secret), Revoked: false));
        state.State.Keys.Add(record);
        await state.WriteStateAsync();
        LogKeyIssued(logger, keyId, Id);
        return new IssuedApiKey(record, secret);
    }

    public async Task<ApiKeyRecord> RevokeKeyAsync(string keyId)
    {
        Existing();
        var index = state.State.Keys.FindIndex(k => k.Id == keyId);
        if (index < 0)
        {
            throw new TenantNotFoundException($"tenant '{Id}' has no key '{keyId}'");
        }

        await GrainFactory.GetGrain<IApiKeyGrain>(keyId).RevokeAsync();
        var revoked = state.State.Keys[index] with { RevokedAt = state.State.Keys[index].RevokedAt ?? time.GetUtcNow() };
        state.State.Keys[index] = revoked;
        await state.WriteStateAsync();
        LogKeyRevoked(logger, keyId, Id);
        return revoked;
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync()
    {
        Existing();
        return Task.FromResult<IReadOnlyList<ApiKeyRecord>>(state.State.Keys.ToArray());
    }

    public async Task RecordKeyUseAsync(IReadOnlyDictionary<string, DateTimeOffset> lastUsed)
    {
        var changed = false;
        for (var i = 0; i < state.State.Keys.Count; i++)
        {
            var key = state.State.Keys[i];
            if (lastUsed.TryGetValue(key.Id, out var at) && (key.LastUsedAt is null || at > key.LastUsedAt))
            {
                state.State.Keys[i] = key with { LastUsedAt = at };
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    private TenantProfile Existing() => state.State.Profile ?? throw new TenantNotFoundException($"tenant '{Id}' not found");

    [LoggerMessage(LogEvents.TenantCreated, LogLevel.Information, "Tenant {Tenant} created on plan {Plan}")]
    private static partial void LogCreated(ILogger logger, string tenant, string plan);

    [LoggerMessage(LogEvents.TenantPlanApplied, LogLevel.Information, "Tenant {Tenant}'s quota now follows plan {Plan} as configured")]
    private static partial void LogPlanApplied(ILogger logger, string tenant, string plan);

    [LoggerMessage(LogEvents.TenantStatus, LogLevel.Information, "Tenant {Tenant} is now {Status}")]
    private static partial void LogStatus(ILogger logger, string tenant, TenantStatus status);

    [LoggerMessage(LogEvents.KeyIssued, LogLevel.Information, "API key {KeyId} issued to tenant {Tenant}")]
    private static partial void LogKeyIssued(ILogger logger, string keyId, string tenant);

    [LoggerMessage(LogEvents.KeyRevoked, LogLevel.Information, "API key {KeyId} of tenant {Tenant} revoked")]
    private static partial void LogKeyRevoked(ILogger logger, string keyId, string tenant);
}
