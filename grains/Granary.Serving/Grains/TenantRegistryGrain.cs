namespace Granary.Tenants;

/// <summary>The ids of every tenant, persisted, for listing.</summary>
public sealed class TenantRegistryGrain([PersistentState("registry")] IPersistentState<TenantRegistryState> state) : Grain, ITenantRegistryGrain
{
    public async Task AddAsync(string tenantId)
    {
        if (state.State.TenantIds.Add(tenantId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.TenantIds.Order(StringComparer.Ordinal).ToArray());
}

[GenerateSerializer, Alias("granary.TenantRegistryState")]
public sealed class TenantRegistryState
{
    [Id(0)]
    public HashSet<string> TenantIds { get; set; } = new(StringComparer.Ordinal);
}
