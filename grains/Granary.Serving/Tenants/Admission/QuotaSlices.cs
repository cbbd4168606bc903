namespace Granary.Tenants.Admission;

/// <summary>The most a silo holds of each limit, as its lease states it.</summary>
internal static class QuotaSlices
{
    // A grain from before adaptive slices states none: then a slice is the whole 100 ms of the rate.
    public static double Requests(QuotaLease lease) =>
        lease.RequestSlice > 0 ? lease.RequestSlice : Math.Max(1, Math.Ceiling(lease.Limits.RequestsPerSecond * QuotaAllowance.SliceOfRate.TotalSeconds));

    /// <summary>A unit slice, and never less than what <paramref name="units"/> (one request) needs.</summary>
    public static double Units(QuotaLease lease, long units) =>
        Math.Max(units, lease.Limits.UnitsPerMinute <= 0 ? units
            : lease.UnitSlice > 0 ? lease.UnitSlice : Math.Ceiling(lease.Limits.UnitsPerMinute / 60.0 * QuotaAllowance.SliceOfRate.TotalSeconds));

    public static int Slots(QuotaLimits limits) => Math.Max(1, limits.MaxConcurrent / 8);
}
