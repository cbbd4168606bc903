using System.ComponentModel;
using System.Diagnostics;

namespace Granary.Tests.Deployment;

/// <summary>
/// Checks docker-compose.yml through docker-compose itself: the file must parse, and its normalized
/// form must declare the cluster the README describes.
/// </summary>
public sealed class DockerComposeFileTests
{
    private static readonly string ComposeFile = Path.Combine(RepositoryRoot(), "docker-compose.yml");

    [Fact]
    public async Task Compose_file_declares_exactly_redis_three_silos_prometheus_and_grafana()
    {
        var services = await RunComposeAsync("config", "--services");

        var actual = services.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order();
        string[] expected = ["grafana", "prometheus", "redis", "silo-1", "silo-2", "silo-3"];
        Assert.True(expected.SequenceEqual(actual), $"expected services {string.Join(", ", expected)}, got {string.Join(", ", actual)}");
    }

    [Fact]
    public async Task Redis_persists_with_an_append_only_file()
    {
        var redis = ServiceBlocks(await RunComposeAsync("config"))["redis"];

        Assert.True(redis.Contains("--appendonly yes"), $"redis should run with --appendonly yes; its normalized block is:\n{redis}");
    }

    [Fact]
    public async Task Gpu_silos_reserve_an_nvidia_device_and_the_cpu_silo_does_not()
    {
        var blocks = ServiceBlocks(await RunComposeAsync("config"));

        foreach (var gpuSilo in new[] { "silo-1", "silo-2" })
        {
            Assert.True(blocks[gpuSilo].Contains("driver: nvidia"), $"{gpuSilo} should reserve an nvidia device; its normalized block is:\n{blocks[gpuSilo]}");
        }

        Assert.False(blocks["silo-3"].Contains("driver: nvidia"), $"silo-3 is CPU-only but reserves an nvidia device:\n{blocks["silo-3"]}");
    }

    [Fact]
    public async Task Tls_override_mounts_the_certificates_and_sets_the_tls_keys_on_every_silo()
    {
        var blocks = ServiceBlocks(await RunComposeAsync("-f", Path.Combine(RepositoryRoot(), "docker-compose.tls.yml"), "config"));

        foreach (var silo in new[] { "silo-1", "silo-2", "silo-3" })
        {
            foreach (var expected in new[] { "Granary__Tls__CertificatePath: /etc/granary/tls/tls.crt", "Granary__Tls__KeyPath: /etc/granary/tls/tls.key", ":/etc/granary/tls:ro" })
            {
                Assert.True(blocks[silo].Contains(expected), $"{silo} should have '{expected}' with the TLS override; its normalized block is:\n{blocks[silo]}");
            }
        }
    }

    [Fact]
    public async Task Prometheus_scrapes_every_silo_on_its_management_port_which_compose_does_not_publish()
    {
        var blocks = ServiceBlocks(await RunComposeAsync("config"));
        var prometheusConfig = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "prometheus.yml"));
        var silos = blocks.Keys.Where(name => name.StartsWith("silo-", StringComparison.Ordinal)).Order().ToArray();

        Assert.Equal(3, silos.Length);
        foreach (var silo in silos)
        {
            Assert.True(blocks[silo].Split('\n').Any(l => l.Contains("Granary__Telemetry__MetricsPort:") && l.Contains("9464")), $"{silo} should serve /metrics on 9464; its normalized block is:\n{blocks[silo]}");
            Assert.True(prometheusConfig.Contains($"\"{silo}:9464\""), $"deploy/prometheus.yml should scrape {silo}:9464:\n{prometheusConfig}");
            Assert.False(blocks[silo].Contains("target: 9464"), $"{silo} publishes its management port:\n{blocks[silo]}");
            Assert.True(blocks[silo].Contains("/healthz/ready"), $"{silo} should have a healthcheck on /healthz/ready:\n{blocks[silo]}");
        }

        Assert.True(prometheusConfig.Contains("/etc/prometheus/granary-rules.yml"), "deploy/prometheus.yml should load the recording rules");
        Assert.True(blocks["prometheus"].Contains("granary-rules.yml:/etc/prometheus/granary-rules.yml"), $"prometheus should mount the recording rules:\n{blocks["prometheus"]}");
    }

    [Fact]
    public async Task Grafana_is_provisioned_from_deploy_with_the_granary_dashboard()
    {
        var grafana = ServiceBlocks(await RunComposeAsync("config"))["grafana"];

        foreach (var expected in new[] { "deploy/grafana/provisioning", "/etc/grafana/provisioning", "deploy/grafana/dashboards", "/var/lib/grafana/dashboards" })
        {
            Assert.True(grafana.Contains(expected), $"grafana should mount '{expected}'; its normalized block is:\n{grafana}");
        }

        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "deploy", "grafana", "dashboards", "granary.json")), "deploy/grafana/dashboards/granary.json is missing");
    }

    private static async Task<string> RunComposeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker-compose")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(ComposeFile);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception error)
        {
            Assert.Fail($"docker-compose is not on PATH ({error.Message}); install it with `apt-get install -y docker-compose`.");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(process.ExitCode == 0, $"docker-compose {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
            return await stdout;
        }
    }

    /// <summary>
    /// Splits the normalized config into one text block per service: under the top-level
    /// <c>services:</c> key, each service name sits alone on a line indented by two spaces.
    /// </summary>
    private static Dictionary<string, string> ServiceBlocks(string normalizedConfig)
    {
        var blocks = new Dictionary<string, List<string>>();
        List<string>? current = null;
        var inServices = false;
        foreach (var line in normalizedConfig.Split('\n'))
        {
            if (line.Length > 0 && line[0] != ' ')
            {
                inServices = line == "services:";
                current = null;
            }
            else if (inServices && line.Length > 2 && line.StartsWith("  ") && line[2] != ' ' && line.EndsWith(':'))
            {
                current = blocks[line.Trim().TrimEnd(':')] = [];
            }
            else
            {
                current?.Add(line);
            }
        }

        return blocks.ToDictionary(block => block.Key, block => string.Join('\n', block.Value));
    }

    private static string RepositoryRoot() => Infrastructure.RepositoryCheckout.Root;
}
