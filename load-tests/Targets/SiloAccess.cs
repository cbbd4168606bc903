namespace Granary.LoadTests.Targets;

/// <summary>A silo with auth on: the admin key it is started with, and the tenant's key when another silo of its cluster already created the tenant.</summary>
public sealed record SiloAccess(string AdminKey, string? TenantKey);
