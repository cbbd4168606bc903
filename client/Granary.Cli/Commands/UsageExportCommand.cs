using System.CommandLine;
using Granary.Cli.Output;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary><c>granary usage export</c>: CSV for billing systems, one row per tenant, model, version, key and bucket.</summary>
internal static class UsageExportCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var range = new UsageRangeOptions();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "The CSV file to write; standard output when absent." };
        var command = new Command("export", $"Write usage as CSV ({UsageFormats.CsvHeader}), one row per tenant × model × version × key × bucket.")
        {
            range.From, range.To, range.Bucket, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var request = new GetUsageRequest
            {
                From = parseResult.GetRequiredValue(range.From),
                To = parseResult.GetRequiredValue(range.To),
                Bucket = parseResult.GetRequiredValue(range.Bucket),
                PageSize = 1000,
                GroupBy = { "model", "version", "key" },
            };
            using var client = connection.CreateClient(parseResult);
            var rows = await client.GetAllUsageAsync(request, cancellationToken).ToListAsync(cancellationToken);
            if (parseResult.GetValue(output) is { } file)
            {
                await using var writer = new StreamWriter(file.FullName);
                UsageFormats.WriteCsv(writer, rows);
                Console.Error.WriteLine($"wrote {rows.Count} rows to {file.FullName}");
            }
            else
            {
                UsageFormats.WriteCsv(Console.Out, rows);
            }

            return 0;
        });
        return command;
    }
}
