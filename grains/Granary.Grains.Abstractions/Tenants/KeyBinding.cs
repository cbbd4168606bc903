namespace Granary.Tenants;

/// <summary>What the key index knows of one key: whose it is, its role, the hash of its secret, and whether it was revoked.</summary>
[GenerateSerializer, Immutable, Alias("granary.KeyBinding")]
public sealed record KeyBinding(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string TenantId,
    [property: Id(2)] CallerRole Role,
    [property: Id(3)] string SecretHash,
    [property: Id(4)] bool Revoked);
