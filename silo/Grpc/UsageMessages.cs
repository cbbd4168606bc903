using System.Globalization;
using Granary.Tenants;
using Granary.Usage;
using Wire = Granary.Protocol.V1;

namespace Granary.Silo.Grpc;

/// <summary>granary.v1.Usage requests read into report queries (each bad field INVALID_ARGUMENT), and rows written back.</summary>
public static class UsageMessages
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;
    public const int DefaultTopTenants = 10;

    public static UsageQuery ToQuery(Wire.GetUsageRequest request, string? tenantId)
    {
        var (from, to) = Range(request.From, request.To);
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new InvalidTenantRequestException("page_size", $"page_size must be between 1 and {MaxPageSize} (got {request.PageSize})");
        }

        return new UsageQuery(tenantId, from, to, Bucket(request.Bucket), request.GroupBy.Select(Dimension).Distinct().ToArray(), pageSize, request.PageToken);
    }

    public static int TopTenantsLimit(int limit) =>
        limit == 0 ? DefaultTopTenants
        : limit is >= 1 and <= MaxPageSize ? limit
        : throw new InvalidTenantRequestException("limit", $"limit must be between 1 and {MaxPageSize} (got {limit})");

    public static (DateTimeOffset From, DateTimeOffset To) Range(string from, string to)
    {
        var start = Time("from", from);
        var end = Time("to", to);
        return start < end ? (start, end) : throw new InvalidTenantRequestException("to", $"to ({to}) must be after from ({from})");
    }

    public static Wire.UsageRow ToWire(UsageRow row) => new()
    {
        TenantId = row.TenantId,
        BucketStart = Rfc3339(row.BucketStart),
        Model = row.Model ?? "",
        Version = row.Version ?? "",
        KeyId = row.KeyId ?? "",
        Status = row.Status ?? "",
        Requests = row.Requests,
        Errors = row.Errors,
        UnitsIn = row.UnitsIn,
        UnitsOut = row.UnitsOut,
        ComputeMs = row.ComputeMilliseconds,
        Cost = row.Cost.ToString("0.############################", CultureInfo.InvariantCulture),
        Currency = row.Currency,
    };

    public static Wire.ModelQuality ToWire(ModelQuality quality)
    {
        var wire = new Wire.ModelQuality
        {
            Model = quality.Model,
            Version = quality.Version,
            Requests = quality.Requests,
            Succeeded = quality.Succeeded,
            SuccessRate = quality.SuccessRate,
            QueueShare = quality.QueueShare,
            MeanBatch = quality.MeanBatch,
            ErrorsByStatus = { quality.ErrorsByStatus.ToDictionary() },
        };
        if (quality.P50Ms is { } p50 && quality.P95Ms is { } p95 && quality.P99Ms is { } p99)
        {
            (wire.P50Ms, wire.P95Ms, wire.P99Ms) = (p50, p95, p99);
        }

        if (quality.Availability is { } availability)
        {
            wire.Availability = availability;
        }

        if (quality.Slo is { } slo)
        {
            wire.Slo = new Wire.ServiceLevelObjective { Availability = slo.Availability, P99LatencyMs = slo.P99LatencyMs };
        }

        if (quality.AvailabilityMet is { } availabilityMet)
        {
            wire.AvailabilityMet = availabilityMet;
        }

        if (quality.LatencyMet is { } latencyMet)
        {
            wire.LatencyMet = latencyMet;
        }

        return wire;
    }

    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string field, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new InvalidTenantRequestException(field, $"{field} must be an RFC 3339 time in UTC such as 2026-11-01T00:00:00Z, or a date such as 2026-11-01 (got '{value}')");

    private static UsageBucket Bucket(string bucket) => bucket.ToLowerInvariant() switch
    {
        "" or "day" => UsageBucket.Day,
        "hour" => UsageBucket.Hour,
        "month" => UsageBucket.Month,
        _ => throw new InvalidTenantRequestException("bucket", $"bucket must be hour, day or month (got '{bucket}')"),
    };

    private static UsageDimension Dimension(string dimension) => dimension.ToLowerInvariant() switch
    {
        "model" => UsageDimension.Model,
        "version" => UsageDimension.Version,
        "key" => UsageDimension.Key,
        "status" => UsageDimension.Status,
        _ => throw new InvalidTenantRequestException("group_by", $"group_by takes model, version, key and status (got '{dimension}')"),
    };
}
