using System.Globalization;
using Google.Protobuf;
using Granary.Protocol.V1;

namespace Granary.Cli.Output;

/// <summary>Usage rows as a readable table, as CSV for billing systems, and as the REST API's JSON.</summary>
internal static class UsageFormats
{
    public const string CsvHeader = "tenant,model,version,key_id,bucket_start,requests,errors,units_in,units_out,compute_ms,cost,currency";

    public static readonly IReadOnlySet<string> Dimensions = new HashSet<string>(["model", "version", "key", "status"], StringComparer.Ordinal);

    public static void WriteCsv(TextWriter writer, IEnumerable<UsageRow> rows)
    {
        writer.Write(CsvHeader + "\n");
        foreach (var row in rows)
        {
            string[] cells =
            [
                row.TenantId, row.Model, row.Version, row.KeyId, row.BucketStart,
                Number(row.Requests), Number(row.Errors), Number(row.UnitsIn), Number(row.UnitsOut),
                row.ComputeMs.ToString("0.###", CultureInfo.InvariantCulture), row.Cost, row.Currency,
            ];
            writer.Write(string.Join(',', cells.Select(Csv)) + "\n");
        }
    }

    public static void WriteJson(TextWriter writer, IEnumerable<UsageRow> rows)
    {
        var response = new GetUsageResponse();
        response.Rows.Add(rows);
        writer.WriteLine(JsonFormatter.Default.Format(response));
    }

    /// <summary>The bucket, the grouped dimensions only, the figures, and the cost with its currency.</summary>
    public static void WriteTable(TextWriter writer, IReadOnlyCollection<UsageRow> rows, IReadOnlyCollection<string> groupBy)
    {
        if (rows.Count == 0)
        {
            writer.WriteLine("no usage in this range");
            return;
        }

        var dimensions = new (string Name, string Header, Func<UsageRow, string> Value)[]
        {
            ("model", "MODEL", r => r.Model), ("version", "VERSION", r => r.Version), ("key", "KEY", r => r.KeyId), ("status", "STATUS", r => r.Status),
        }.Where(d => groupBy.Contains(d.Name)).ToArray();
        var table = new TextTable(["TENANT", "BUCKET", .. dimensions.Select(d => d.Header), "REQUESTS", "ERRORS", "UNITS IN", "UNITS OUT", "COMPUTE MS", "COST"]);
        foreach (var row in rows)
        {
            table.Add(
            [
                row.TenantId, row.BucketStart, .. dimensions.Select(d => d.Value(row)),
                Number(row.Requests), Number(row.Errors), Number(row.UnitsIn), Number(row.UnitsOut),
                row.ComputeMs.ToString("0.#", CultureInfo.InvariantCulture), row.Currency.Length > 0 ? $"{row.Cost} {row.Currency}" : row.Cost,
            ]);
        }

        table.Write(writer);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Csv(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
