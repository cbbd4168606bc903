using System.CommandLine;

namespace Granary.Cli.Commands;

/// <summary>The time range and bucket the usage commands share; the server reads the dates and names a bad one.</summary>
internal sealed class UsageRangeOptions
{
    private const string DateHelp = "a date (2026-11-30, midnight UTC) or an ISO 8601 time in UTC (2026-11-30T12:00:00Z)";

    public Option<string> From { get; } = new("--from") { Description = $"Start of the range, inclusive: {DateHelp}.", Required = true };

    public Option<string> To { get; } = new("--to") { Description = $"End of the range, exclusive: {DateHelp}.", Required = true };

    public Option<string> Bucket { get; } = new Option<string>("--bucket")
    {
        Description = "The time bucket of each row.",
        DefaultValueFactory = _ => "day",
    }.AcceptOnlyFromAmong("hour", "day", "month");
}
