using System.CommandLine;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary quota show TENANT</c>: a tenant's limits, this month's usage and what it may use now.</summary>
internal static class QuotaShowCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant whose quota to show." };
        var command = new Command("show", "Show a tenant's quota limits, this month's usage and what it may use now.") { tenant };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = connection.CreateClient(parseResult);
            Write(Console.Out, await client.GetQuotaAsync(parseResult.GetRequiredValue(tenant), cancellationToken));
            return 0;
        });
        return command;
    }

    private static void Write(TextWriter writer, QuotaUsage usage)
    {
        var limits = usage.Limits ?? new QuotaLimits();
        writer.WriteLine($"tenant {usage.TenantId}");
        writer.WriteLine("limits:");
        Line(writer, "requests/second", QuotaText.Limit(limits.RequestsPerSecond));
        Line(writer, "burst", QuotaText.Burst(limits));
        Line(writer, "units/minute", QuotaText.Limit(limits.UnitsPerMinute));
        Line(writer, "max concurrent", QuotaText.Limit(limits.MaxConcurrent));
        Line(writer, "monthly units", QuotaText.Limit(limits.MonthlyUnits));

        writer.WriteLine($"month {usage.Month} (UTC):");
        Line(writer, "units used", limits.MonthlyUnits == 0
            ? QuotaText.Number(usage.MonthlyUnitsUsed)
            : $"{QuotaText.Number(usage.MonthlyUnitsUsed)} of {QuotaText.Number(limits.MonthlyUnits)}");
        Line(writer, "requests", QuotaText.Number(usage.MonthlyRequests));

        // With no limit the server's available figures mean nothing, so they show as unlimited.
        writer.WriteLine("available now:");
        Line(writer, "requests", limits.RequestsPerSecond == 0 ? QuotaText.Unlimited : QuotaText.Number(usage.RequestsAvailable));
        Line(writer, "units", limits.UnitsPerMinute == 0 ? QuotaText.Unlimited : QuotaText.Number(usage.UnitsAvailable));
        Line(writer, "concurrent", limits.MaxConcurrent == 0
            ? $"{QuotaText.Unlimited} ({QuotaText.Number(usage.ConcurrentLeased)} slots leased by silos)"
            : $"{QuotaText.Number(Math.Max(0, limits.MaxConcurrent - usage.ConcurrentLeased))} ({QuotaText.Number(usage.ConcurrentLeased)} of {QuotaText.Number(limits.MaxConcurrent)} slots leased by silos)");
    }

    private static void Line(TextWriter writer, string label, string value) => writer.WriteLine($"  {label,-16}  {value}");
}
