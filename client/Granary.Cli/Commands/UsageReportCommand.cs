using System.CommandLine;
using Granary.Cli.Output;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary usage report</c>: usage and cost per bucket, grouped as asked, as a table, CSV or JSON.</summary>
internal static class UsageReportCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var range = new UsageRangeOptions();
        var tenant = new Option<string?>("--tenant") { Description = "The tenant to report on; an admin key without it reports every tenant." };
        var by = new Option<string[]>("--by")
        {
            Description = "Group by any of model, version, key, status (comma-separated).",
            CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
            AllowMultipleArgumentsPerToken = true,
        };
        by.Validators.Add(result =>
        {
            foreach (var dimension in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!UsageFormats.Dimensions.Contains(dimension))
                {
                    result.AddError($"--by takes model, version, key and status (got '{dimension}').");
                }
            }
        });
        var format = new Option<string>("--format") { Description = "How to print the rows.", DefaultValueFactory = _ => "table" }
            .AcceptOnlyFromAmong("table", "csv", "json");
        var command = new Command("report", "Print usage and cost per time bucket, grouped as asked; every page is fetched.")
        {
            tenant, range.From, range.To, by, range.Bucket, format,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var request = new GetUsageRequest
            {
                TenantId = parseResult.GetValue(tenant) ?? "",
                From = parseResult.GetRequiredValue(range.From),
                To = parseResult.GetRequiredValue(range.To),
                Bucket = parseResult.GetRequiredValue(range.Bucket),
                PageSize = 1000,
            };
            request.GroupBy.Add(parseResult.GetValue(by) ?? []);
            using var client = connection.CreateClient(parseResult);
            var rows = await client.GetAllUsageAsync(request, cancellationToken).ToListAsync(cancellationToken);
            switch (parseResult.GetRequiredValue(format))
            {
                case "csv":
                    UsageFormats.WriteCsv(Console.Out, rows);
                    break;
                case "json":
                    UsageFormats.WriteJson(Console.Out, rows);
                    break;
                default:
                    UsageFormats.WriteTable(Console.Out, rows, request.GroupBy);
                    break;
            }

            return 0;
        });
        return command;
    }
}
