namespace Granary.Tenants;

/// <summary>The one-time bootstrap: an admin key in the key index and a <c>demo</c> tenant on a small plan.</summary>
public sealed class AuthBootstrapGrain([PersistentState("bootstrap")] IPersistentState<AuthBootstrapState> state) : Grain, IAuthBootstrapGrain
{
    public const string DemoTenant = "demo";

    /// <summary>The demo plan: enough to try every model, small enough to see RESOURCE_EXHAUSTED.</summary>
    public static readonly QuotaLimits DemoQuota = new(RequestsPerSecond: 20, Burst: 40, UnitsPerMinute: 2_000_000, MaxConcurrent: 16, MonthlyUnits: 100_000_000);

    public async Task<BootstrapKeys?> RunOnceAsync()
    {
        if (state.State.Done)
        {
            return null;
        }

        var (adminKeyId, adminKey) = ApiKeys.Generate();
        await GrainFactory.GetGrain<IApiKeyGrain>(adminKeyId).BindAsync(new KeyBinding(adminKeyId, "", CallerRole.Admin, ApiKeys.Hash(adminKey), Revoked: false));
        var demo = GrainFactory.GetGrain<ITenantGrain>(DemoTenant);
        if (await demo.GetAsync() is null)
        {
            await demo.CreateAsync("Demo tenant", "demo", "", DemoQuota);
        }

        var demoKey = await demo.IssueKeyAsync("bootstrap");
        state.State.Done = true;
        await state.WriteStateAsync();
        return new BootstrapKeys(adminKey, DemoTenant, demoKey.Secret);
    }
}

[GenerateSerializer, Alias("granary.AuthBootstrapState")]
public sealed class AuthBootstrapState
{
    [Id(0)]
    public bool Done { get; set; }
}
