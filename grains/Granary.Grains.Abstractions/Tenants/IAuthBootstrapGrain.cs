namespace Granary.Tenants;

/// <summary>
/// Runs a cluster's first-start bootstrap once, ever: an admin key and a <c>demo</c> tenant with a key.
/// Keyed <see cref="Key"/>; its state records that it ran.
/// </summary>
[Alias("granary.IAuthBootstrapGrain")]
public interface IAuthBootstrapGrain : IGrainWithStringKey
{
    public const string Key = "auth";

    /// <summary>The keys issued now, or null when the cluster was bootstrapped before.</summary>
    [Alias("RunOnce")]
    Task<BootstrapKeys?> RunOnceAsync();
}

[GenerateSerializer, Immutable, Alias("granary.BootstrapKeys")]
public sealed record BootstrapKeys([property: Id(0)] string AdminKey, [property: Id(1)] string DemoTenant, [property: Id(2)] string DemoKey);
