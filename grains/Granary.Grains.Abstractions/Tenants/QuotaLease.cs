namespace Granary.Tenants;

/// <summary>
/// A silo asking its tenant's quota grain for a slice of the allowance, and giving back what it did not use.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.QuotaLeaseRequest")]
public sealed record QuotaLeaseRequest(
    [property: Id(0)] string Silo,
    [property: Id(1)] double Requests,
    [property: Id(2)] double Units,
    [property: Id(3)] int Slots,
    [property: Id(4)] double ReturnedRequests,
    [property: Id(5)] double ReturnedUnits,
    [property: Id(6)] int ReturnedSlots);

/// <summary>
/// What the quota grain granted, and the cluster-wide state the silo reports in its headers and refusals. The
/// limits hold for <see cref="ValidFor"/> from receipt (unlimited ones too); then the silo asks again, so a change
/// of limits (a new <see cref="Version"/>) reaches every silo within that time. The slices are what the silo
/// should hold at most: the grain shrinks them as more silos lease.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.QuotaLease")]
public sealed record QuotaLease(
    [property: Id(0)] QuotaLimits Limits,
    [property: Id(1)] double Requests,
    [property: Id(2)] double Units,
    [property: Id(3)] int Slots,
    [property: Id(4)] double RequestsAvailable,
    [property: Id(5)] double UnitsAvailable,
    [property: Id(6)] long MonthlyUnitsLeft,
    [property: Id(7)] DateTimeOffset MonthEndsAt,
    [property: Id(8)] long Version,
    [property: Id(9)] TimeSpan ValidFor,
    [property: Id(10)] double RequestSlice,
    [property: Id(11)] double UnitSlice);

/// <summary>A tenant's limits, what is left now, and this month's usage.</summary>
[GenerateSerializer, Immutable, Alias("granary.QuotaUsage")]
public sealed record QuotaUsage(
    [property: Id(0)] QuotaLimits Limits,
    [property: Id(1)] string Month,
    [property: Id(2)] long MonthlyUnitsUsed,
    [property: Id(3)] long MonthlyRequests,
    [property: Id(4)] double RequestsAvailable,
    [property: Id(5)] double UnitsAvailable,
    [property: Id(6)] int SlotsLeased);
