namespace Granary.Tenants;

/// <summary>The key index: one grain per key id, so a silo finds a key's tenant from the key alone.</summary>
[Alias("granary.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("Bind")]
    Task BindAsync(KeyBinding binding);

    [Alias("Get"), Orleans.Concurrency.ReadOnly]
    Task<KeyBinding?> GetAsync();

    [Alias("Revoke")]
    Task RevokeAsync();
}
