namespace Granary.Tenants;

/// <summary>
/// One tenant's allowance across the cluster, keyed by tenant id: token buckets for requests per second and
/// units per minute, leased slots for concurrent calls, and the persisted monthly counters. Silos lease slices
/// ahead of need, so no request waits on this grain in the steady state.
/// </summary>
[Alias("granary.IQuotaGrain")]
public interface IQuotaGrain : IGrainWithStringKey
{
    [Alias("Lease")]
    Task<QuotaLease> LeaseAsync(QuotaLeaseRequest request);

    [Alias("GetUsage")]
    Task<QuotaUsage> GetUsageAsync();

    [Alias("SetLimits")]
    Task SetLimitsAsync(QuotaLimits limits);
}
