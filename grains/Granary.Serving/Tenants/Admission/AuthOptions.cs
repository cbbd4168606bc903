namespace Granary.Tenants.Admission;

/// <summary><c>Granary:Auth</c>: whether calls need a key, the admin keys, and the first-start bootstrap.</summary>
public sealed class AuthOptions
{
    public const string Section = "Granary:Auth";

    /// <summary>False serves every call without a key or quota, as one anonymous caller.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Keys with admin rights, from configuration (any string of 16 characters or more).</summary>
    public List<string> AdminKeys { get; set; } = [];

    /// <summary>On a cluster's first start, issue an admin key and a <c>demo</c> tenant with a key, and print both once.</summary>
    public bool Bootstrap { get; set; } = true;

    /// <summary>How long a silo trusts what it learned about a key; revocation and suspension reach every silo within this plus one call.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a request waits on a key lookup before it is served on what the silo knew of the key.</summary>
    public TimeSpan LookupWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long past <see cref="CacheFor"/> a silo keeps using what it knew of a key while the key or tenant grain does not
    /// answer (its silo hung or unreachable); once the grain answers, its answer applies at once.
    /// </summary>
    public TimeSpan ServeStaleFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Failed authentications one source address may make per second, once its burst is spent; past it the
    /// address is answered RESOURCE_EXHAUSTED / 429 before any key lookup. Zero: no limit.
    /// </summary>
    public double FailedPerSecondPerAddress { get; set; } = 20;

    /// <summary>Failed authentications one source address may make at once before the per-second rate applies.</summary>
    public int FailedBurstPerAddress { get; set; } = 40;

    /// <summary>
    /// Lookups of keys this silo does not know that it makes per second over every address together, once its burst
    /// is spent; past it a first call with an unknown key is answered RESOURCE_EXHAUSTED / 429. Zero: no limit.
    /// </summary>
    public double KeyLookupsPerSecond { get; set; } = 500;

    /// <summary>Lookups of unknown keys this silo makes at once before the per-second rate applies.</summary>
    public int KeyLookupBurst { get; set; } = 1000;
}
