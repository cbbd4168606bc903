using Granary.Cli;
using Granary.Cli.Output;
using static Granary.Tests.Usage.UsageSiloFixture;

namespace Granary.Tests.Usage;

/// <summary><c>granary usage export</c> against a silo: every page, one CSV line per tenant, model, version, key and bucket.</summary>
[Collection(UsageSiloCollection.Name)]
public sealed class UsageCliTests(UsageSiloFixture silo)
{
    [Fact]
    public async Task Export_writes_every_row_of_every_tenant_for_an_admin()
    {
        var file = Path.Combine(Path.GetTempPath(), $"usage-{Guid.NewGuid():N}.csv");
        try
        {
            var exitCode = await GranaryRootCommand.Create()
                .Parse(["usage", "export", "--from", "2026-11-29", "--to", "2026-12-01T00:00:00Z", "--output", file,
                    "--address", silo.GrpcAddress, "--api-key", AdminKey])
                .InvokeAsync();

            Assert.Equal(0, exitCode);
            var lines = await File.ReadAllLinesAsync(file);
            Assert.Equal(UsageFormats.CsvHeader, lines[0]);
            // One line per tenant × model × version × key × day among the store's rows.
            var expected = silo.Rows.Select(r => (r.TenantId, r.Model, r.KeyId, r.BucketStart.Date)).Distinct().Count();
            Assert.Equal(expected, lines.Length - 1);
            Assert.Equal(silo.Rows.Sum(r => r.Requests), lines.Skip(1).Sum(l => long.Parse(l.Split(',')[5])));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
