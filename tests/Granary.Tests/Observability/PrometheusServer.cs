using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Observability;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c> package) on a free loopback port, scraping the given targets every
/// second and evaluating the given rule files every second, its data in a temporary directory removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    public static async Task<PrometheusServer> StartAsync(IEnumerable<string> targets, IEnumerable<string> ruleFiles)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing; install it with `apt-get install -y prometheus` (.ci/run does)");
        var directory = Path.Combine(Path.GetTempPath(), "granary-tests", $"prometheus-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [{string.Join(", ", ruleFiles.Select(f => $"\"{f}\""))}]
            scrape_configs:
              - job_name: granary
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => $"\"{t}\""))}]
            """);
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={config}",
                     $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        var log = Path.Combine(directory, "prometheus.log");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, port);
        try
        {
            await Eventually.TrueAsync(
                async () => !process.HasExited
                    ? (await server.TryGetAsync("/-/ready")) == true
                    : throw new InvalidOperationException($"prometheus exited with {process.ExitCode}: {server.Log()}"),
                TimeSpan.FromSeconds(30),
                "prometheus to be ready");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>An instant query; the samples of its vector result, each with its labels.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var response = await Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, $"query {promql} answered {(int)response.StatusCode}: {body}");
        var data = body.GetProperty("data");
        Assert.True(data.GetProperty("resultType").GetString() == "vector", $"query {promql} did not give a vector: {body}");
        return data.GetProperty("result").EnumerateArray()
            .Select(sample => (
                sample.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                Number(sample.GetProperty("value")[1].GetString()!)))
            .ToArray();
    }

    /// <summary>A sample value as Prometheus writes it, NaN and infinities included.</summary>
    private static double Number(string value) => value switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(value, CultureInfo.InvariantCulture),
    };

    public string Log()
    {
        try
        {
            using var stream = new FileStream(Path.Combine(_directory, "prometheus.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeLast(20));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<bool?> TryGetAsync(string path)
    {
        try
        {
            using var response = await Http.GetAsync(path);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static void Append(string path, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (typeof(PrometheusServer))
        {
            File.AppendAllText(path, line + "\n");
        }
    }
}
