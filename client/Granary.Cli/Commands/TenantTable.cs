using Granary.Cli.Output;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary>Tenants one per row with their quota limits, as <c>tenants list</c> and <c>tenants create</c> print them.</summary>
internal static class TenantTable
{
    public static void Write(TextWriter writer, IEnumerable<Tenant> tenants)
    {
        var table = new TextTable("ID", "NAME", "PLAN", "STATUS", "REGION", "RPS", "BURST", "UNITS/MIN", "CONCURRENT", "MONTHLY");
        foreach (var tenant in tenants)
        {
            var quota = tenant.Quota ?? new QuotaLimits();
            table.Add(
                tenant.Id,
                tenant.Name,
                tenant.Plan,
                tenant.Status,
                tenant.Region is { Length: > 0 } region ? region : "-",
                QuotaText.Own(quota.RequestsPerSecond),
                quota.Burst == 0 ? QuotaText.FromPlan : QuotaText.Burst(quota),
                QuotaText.Own(quota.UnitsPerMinute),
                QuotaText.Own(quota.MaxConcurrent),
                QuotaText.Own(quota.MonthlyUnits));
        }

        table.Write(writer);
    }
}
