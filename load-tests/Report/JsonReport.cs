using System.Text.Json;
using System.Text.Json.Serialization;
using Granary.LoadTests.Targets;

namespace Granary.LoadTests.Report;

public static class JsonReport
{
    /// <summary>The given path, else <c>load-tests/results/&lt;timestamp&gt;.json</c> in the checkout (or the working directory).</summary>
    public static string PathFor(string? configured, DateTimeOffset startedAt)
    {
        if (configured is not null)
        {
            return Path.GetFullPath(configured);
        }

        var results = RepositoryRoot.Find() is { } root ? Path.Combine(root, "load-tests", "results") : Path.GetFullPath("results");
        return Path.Combine(results, $"{startedAt:yyyyMMdd-HHmmss}.json");
    }

    public static async Task WriteAsync(string path, BenchmarkReport report, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, report, BenchmarkReportJsonContext.Default.BenchmarkReport, cancellationToken);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(BenchmarkReport))]
internal sealed partial class BenchmarkReportJsonContext : JsonSerializerContext;
