namespace Granary.Tenants;

/// <summary>A tenant as the admin API shows it.</summary>
[GenerateSerializer, Immutable, Alias("granary.TenantProfile")]
public sealed record TenantProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Plan,
    [property: Id(3)] TenantStatus Status,
    [property: Id(4)] string Region,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] QuotaLimits Quota);
