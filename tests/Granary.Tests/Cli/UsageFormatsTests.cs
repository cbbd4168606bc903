using Granary.Cli.Output;
using Granary.Protocol.V1;
using WireUsageRow = Granary.Protocol.V1.UsageRow;

namespace Granary.Tests.Cli;

/// <summary>How <c>granary usage report</c> and <c>granary usage export</c> print rows.</summary>
public sealed class UsageFormatsTests
{
    private static readonly WireUsageRow Echo = new()
    {
        TenantId = "acme", BucketStart = "2026-11-29T00:00:00Z", Model = "echo", Version = "1", KeyId = "k1",
        Requests = 10, Errors = 1, UnitsIn = 2000, UnitsOut = 1000, ComputeMs = 12.5, Cost = "1.1", Currency = "USD",
    };

    private static readonly WireUsageRow Quoted = Echo.Clone();

    static UsageFormatsTests()
    {
        Quoted.Model = "odd,\"name\"";
        Quoted.Cost = "0";
        Quoted.Currency = "";
    }

    [Fact]
    public void Csv_has_exactly_the_billing_columns_then_one_line_per_row()
    {
        using var writer = new StringWriter();

        UsageFormats.WriteCsv(writer, [Echo, Quoted]);

        Assert.Equal(
            "tenant,model,version,key_id,bucket_start,requests,errors,units_in,units_out,compute_ms,cost,currency\n" +
            "acme,echo,1,k1,2026-11-29T00:00:00Z,10,1,2000,1000,12.5,1.1,USD\n" +
            "acme,\"odd,\"\"name\"\"\",1,k1,2026-11-29T00:00:00Z,10,1,2000,1000,12.5,0,\n",
            writer.ToString());
    }

    [Fact]
    public void The_table_shows_only_the_grouped_dimensions_and_cost_with_currency()
    {
        using var writer = new StringWriter();

        UsageFormats.WriteTable(writer, [Echo], ["model"]);

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["TENANT", "BUCKET", "MODEL", "REQUESTS", "ERRORS", "UNITS", "IN", "UNITS", "OUT", "COMPUTE", "MS", "COST"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["acme", "2026-11-29T00:00:00Z", "echo", "10", "1", "2000", "1000", "12.5", "1.1", "USD"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Json_is_the_rest_apis_response_shape()
    {
        using var writer = new StringWriter();

        UsageFormats.WriteJson(writer, [Echo]);

        var parsed = GetUsageResponse.Parser.ParseJson(writer.ToString());
        Assert.Equal(Echo, Assert.Single(parsed.Rows));
    }

    [Fact]
    public void An_empty_report_says_so()
    {
        using var writer = new StringWriter();

        UsageFormats.WriteTable(writer, [], []);

        Assert.Equal("no usage in this range", writer.ToString().Trim());
    }
}
