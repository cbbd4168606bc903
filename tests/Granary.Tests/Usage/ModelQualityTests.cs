using System.Net;
using System.Text.Json;
using Granary.Models.Repository;
using Granary.Tests.Infrastructure;
using Granary.Tests.Rest;
using Granary.Tests.WebConsole;

namespace Granary.Tests.Usage;

/// <summary>
/// The service-quality report over REST on an embedded silo (the file ledger, no Redis, no Prometheus): a tenant's
/// calls show up per model and version with its own figures only, and the report is scoped like usage.
/// </summary>
[Collection(AdminRestCollection.Name)]
public sealed class ModelQualityTests(AdminRestSiloFixture silo)
{
    private static readonly string BadShape =
        $$"""{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 3], "data": [1, 2, 3]}]}""";

    [Fact]
    public async Task A_tenants_calls_give_requests_success_latency_batch_and_errors_for_its_model_version()
    {
        var tenant = await ConsoleTenants.CreateAsync(silo, "quality");
        var bystander = await ConsoleTenants.CreateAsync(silo, "quality-other");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ConsoleTenants.InferAsync(silo, tenant.Key, DemoRepository.MlpClassifier)).Status);
        }

        for (var i = 0; i < 2; i++)
        {
            var (status, _) = await ConsoleTenants.SendAsync(silo, HttpMethod.Post, $"/v2/models/{DemoRepository.MlpClassifier}/infer", tenant.Key, JsonDocument.Parse(BadShape).RootElement);
            Assert.Equal(HttpStatusCode.BadRequest, status);
        }

        var path = $"/v1/usage/quality?model={DemoRepository.MlpClassifier}&window=1h";
        JsonElement report = default;
        await Eventually.TrueAsync(async () =>
        {
            (_, report) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, path, tenant.Key);
            return report.TryGetProperty("models", out var models) && models.GetArrayLength() == 1 && models[0].GetProperty("requests").GetInt64() == 7;
        }, TimeSpan.FromSeconds(20), "the ledger to ship the tenant's 7 calls");
        var (_, others) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, path, bystander.Key);
        var (_, all) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, path, AdminRestSiloFixture.AdminKey);

        var version = report.GetProperty("models")[0];
        Assert.Equal(("1", 5L), (version.GetProperty("version").GetString(), version.GetProperty("succeeded").GetInt64()));
        Assert.Equal(5.0 / 7, version.GetProperty("successRate").GetDouble(), 6);
        Assert.Equal(1.0, version.GetProperty("availability").GetDouble());
        Assert.Equal("""{"INVALID_ARGUMENT":2}""", version.GetProperty("errorsByStatus").GetRawText().Replace(" ", "", StringComparison.Ordinal));
        var (p50, p95, p99) = (version.GetProperty("p50Ms").GetDouble(), version.GetProperty("p95Ms").GetDouble(), version.GetProperty("p99Ms").GetDouble());
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, $"percentiles must rise from above 0: p50 {p50}, p95 {p95}, p99 {p99} ms");
        Assert.Equal(1.0, version.GetProperty("meanBatch").GetDouble());
        Assert.InRange(version.GetProperty("queueShare").GetDouble(), 0, 1);
        Assert.Empty(others.GetProperty("models").EnumerateArray());
        var everyone = Assert.Single(all.GetProperty("models").EnumerateArray());
        Assert.True(everyone.GetProperty("requests").GetInt64() >= 7, "an admin's report covers every tenant's calls");
    }

    [Fact]
    public async Task The_cli_prints_one_line_per_model_version_with_its_figures()
    {
        var tenant = await ConsoleTenants.CreateAsync(silo, "quality-cli");
        Assert.Equal(HttpStatusCode.OK, (await ConsoleTenants.InferAsync(silo, tenant.Key, DemoRepository.MlpClassifier)).Status);
        string[] lines = [];

        await Eventually.TrueAsync(async () =>
        {
            using var output = new StringWriter();
            var exitCode = await Granary.Cli.GranaryRootCommand.Create()
                .Parse(["models", "quality", DemoRepository.MlpClassifier, "--window", "2h", "--address", $"http://127.0.0.1:{silo.GrpcPort}", "--api-key", tenant.Key])
                .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output });
            lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return exitCode == 0 && lines.Length == 3;
        }, TimeSpan.FromSeconds(20), "the CLI to report the shipped call");

        Assert.StartsWith("from ", lines[0]);
        Assert.StartsWith("MODEL", lines[1]);
        var cells = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([DemoRepository.MlpClassifier, "1", "1", "100.00%"], cells[..4]);
    }

    [Theory]
    [InlineData("/v1/usage/quality?window=1w", HttpStatusCode.BadRequest)]
    [InlineData("/v1/usage/quality?window=32d", HttpStatusCode.BadRequest)]
    [InlineData("/v1/usage/quality?model=no-such-model", HttpStatusCode.NotFound)]
    public async Task A_bad_window_is_400_and_an_unknown_model_404(string path, HttpStatusCode expected)
    {
        var tenant = await ConsoleTenants.CreateAsync(silo, "quality-bad");

        var (status, _) = await ConsoleTenants.SendAsync(silo, HttpMethod.Get, path, tenant.Key);

        Assert.Equal(expected, status);
    }
}
