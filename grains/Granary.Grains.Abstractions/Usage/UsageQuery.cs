namespace Granary.Usage;

/// <summary>
/// A report request, shaped like OpenAI's Usage API: a time range cut into buckets, grouped by some
/// dimensions, one tenant or (null, admins only) all, in pages.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.UsageQuery")]
public sealed record UsageQuery(
    [property: Id(0)] string? TenantId,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] UsageBucket Bucket,
    [property: Id(4)] IReadOnlyList<UsageDimension> GroupBy,
    [property: Id(5)] int PageSize,
    [property: Id(6)] string? PageToken);

public enum UsageBucket
{
    Hour,
    Day,
    Month,
}

public enum UsageDimension
{
    Model,
    Version,
    Key,
    Status,
}

/// <summary>One bucket of one group. A dimension not grouped by is null. Cost is in <see cref="Currency"/> ("" when no price applies).</summary>
[GenerateSerializer, Immutable, Alias("granary.UsageRow")]
public sealed record UsageRow(
    [property: Id(0)] string TenantId,
    [property: Id(1)] DateTimeOffset BucketStart,
    [property: Id(2)] string? Model,
    [property: Id(3)] string? Version,
    [property: Id(4)] string? KeyId,
    [property: Id(5)] string? Status,
    [property: Id(6)] long Requests,
    [property: Id(7)] long Errors,
    [property: Id(8)] long UnitsIn,
    [property: Id(9)] long UnitsOut,
    [property: Id(10)] double ComputeMilliseconds,
    [property: Id(11)] decimal Cost,
    [property: Id(12)] string Currency);

[GenerateSerializer, Immutable, Alias("granary.UsagePage")]
public sealed record UsagePage(
    [property: Id(0)] IReadOnlyList<UsageRow> Rows,
    [property: Id(1)] string? NextPageToken);
