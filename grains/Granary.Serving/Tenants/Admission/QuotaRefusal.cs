namespace Granary.Tenants.Admission;

/// <summary>A quota refusal: names the limit that refused, with a retry time computed from the limit's rate.</summary>
public static class QuotaRefusal
{
    public static QuotaExceededException For(string tenantId, QuotaLease lease, double requestsHeld, double unitsHeld, long units, DateTimeOffset now)
    {
        var limits = lease.Limits;
        var subject = $"tenant:{tenantId}";
        if (limits.MonthlyUnits > 0 && lease.MonthlyUnitsLeft < units)
        {
            return new($"tenant '{tenantId}' has used its monthly budget of {limits.MonthlyUnits} units; it renews at {lease.MonthEndsAt:yyyy-MM-dd} 00:00 UTC",
                "monthly_units", subject, lease.MonthEndsAt - now);
        }

        if (limits.UnitsPerMinute > 0 && unitsHeld < units)
        {
            var wait = units > limits.UnitsPerMinute
                ? TimeSpan.FromMinutes(1)
                : Seconds((units - unitsHeld - lease.UnitsAvailable) / (limits.UnitsPerMinute / 60.0));
            return new($"tenant '{tenantId}' is over its limit of {limits.UnitsPerMinute} units per minute (this request needs {units})", "units_per_minute", subject, wait);
        }

        if (limits.RequestsPerSecond > 0 && requestsHeld < 1)
        {
            return new($"tenant '{tenantId}' is over its limit of {limits.RequestsPerSecond:0.###} requests per second (burst {limits.RequestBucket:0})",
                "requests_per_second", subject, Seconds((1 - lease.RequestsAvailable) / limits.RequestsPerSecond));
        }

        return new($"tenant '{tenantId}' has {limits.MaxConcurrent} requests in flight, its limit", "max_concurrent", subject, TimeSpan.FromMilliseconds(100));
    }

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(Math.Clamp(seconds, 0.01, 3600));
}
