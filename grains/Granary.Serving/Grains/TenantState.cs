namespace Granary.Tenants;

/// <summary>A tenant grain's persisted state.</summary>
[GenerateSerializer, Alias("granary.TenantState")]
public sealed class TenantState
{
    [Id(0)]
    public TenantProfile? Profile { get; set; }

    [Id(1)]
    public List<ApiKeyRecord> Keys { get; set; } = [];
}
