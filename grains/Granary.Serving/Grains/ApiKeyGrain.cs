namespace Granary.Tenants;

/// <summary>One key of the key index, persisted.</summary>
public sealed class ApiKeyGrain([PersistentState("apikey")] IPersistentState<ApiKeyState> state) : Grain, IApiKeyGrain
{
    public async Task BindAsync(KeyBinding binding)
    {
        state.State.Binding = binding;
        await state.WriteStateAsync();
    }

    /// <summary>The key's binding; a key id with none deactivates at once, so guessed ids leave no activations behind.</summary>
    public Task<KeyBinding?> GetAsync()
    {
        if (state.State.Binding is null)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(state.State.Binding);
    }

    public async Task RevokeAsync()
    {
        if (state.State.Binding is { Revoked: false } binding)
        {
            state.State.Binding = binding with { Revoked = true };
            await state.WriteStateAsync();
        }
    }
}

[GenerateSerializer, Alias("granary.ApiKeyState")]
public sealed class ApiKeyState
{
    [Id(0)]
    public KeyBinding? Binding { get; set; }
}
