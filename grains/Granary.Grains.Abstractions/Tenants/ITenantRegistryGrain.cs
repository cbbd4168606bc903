namespace Granary.Tenants;

/// <summary>The list of tenant ids, for listing; one grain, keyed <see cref="Key"/>.</summary>
[Alias("granary.ITenantRegistryGrain")]
public interface ITenantRegistryGrain : IGrainWithStringKey
{
    public const string Key = "tenants";

    [Alias("Add")]
    Task AddAsync(string tenantId);

    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> ListAsync();
}
