namespace Granary.Tenants;

/// <summary>One tenant: profile, plan, status, data-residency label, quota limits and API keys (as hashes). Keyed by tenant id.</summary>
[Alias("granary.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant; <see cref="TenantConflictException"/> when it exists.</summary>
    [Alias("Create")]
    Task<TenantProfile> CreateAsync(string name, string plan, string region, QuotaLimits quota);

    /// <summary>The tenant, or null when there is none.</summary>
    [Alias("Get"), Orleans.Concurrency.ReadOnly]
    Task<TenantProfile?> GetAsync();

    [Alias("SetStatus")]
    Task<TenantProfile> SetStatusAsync(TenantStatus status);

    [Alias("SetQuota")]
    Task<TenantProfile> SetQuotaAsync(QuotaLimits quota);

    /// <summary>
    /// Brings the tenant's quota to its own limits merged with its plan as configured now, so a plan changed in
    /// configuration reaches tenants already on it; true when the limits changed. Nothing for a tenant that does not exist.
    /// </summary>
    [Alias("ApplyPlan")]
    Task<bool> ApplyPlanAsync();

    [Alias("IssueKey")]
    Task<IssuedApiKey> IssueKeyAsync(string name);

    [Alias("RevokeKey")]
    Task<ApiKeyRecord> RevokeKeyAsync(string keyId);

    [Alias("ListKeys"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync();

    /// <summary>Notes when keys were last used; silos send these in batches, never per request.</summary>
    [Alias("RecordKeyUse")]
    Task RecordKeyUseAsync(IReadOnlyDictionary<string, DateTimeOffset> lastUsed);
}
