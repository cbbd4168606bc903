namespace Granary.Tenants;

/// <summary>An API key's public facts; its secret is never stored, only a hash of it.</summary>
[GenerateSerializer, Immutable, Alias("granary.ApiKeyRecord")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string TenantId,
    [property: Id(2)] string Name,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? LastUsedAt,
    [property: Id(5)] DateTimeOffset? RevokedAt);

/// <summary>A key as issued: the record and the whole secret, shown this once.</summary>
[GenerateSerializer, Immutable, Alias("granary.IssuedApiKey")]
public sealed record IssuedApiKey([property: Id(0)] ApiKeyRecord Key, [property: Id(1)] string Secret);
