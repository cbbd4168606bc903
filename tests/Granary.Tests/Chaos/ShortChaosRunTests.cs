using Granary.LoadTests.Chaos;
using Granary.Tests.Processes;
using Xunit.Abstractions;

namespace Granary.Tests.Chaos;

/// <summary>
/// The short chaos run, shortened to fit CI: the chaos runner's own Redis and three silo processes with the model at
/// two replicas, several tenants calling through the failover client, then a SIGKILL, a SIGTERM drain and a Redis
/// restart. Asserts the targets that hold on the client's retries alone: at least 99.9 % of calls answered OK in
/// each, and a usage report that bills exactly the calls the clients saw answered.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class ShortChaosRunTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RunBound = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_sigkill_a_drain_and_a_redis_restart_under_load_keep_999_per_mille_of_calls_ok_and_billing_exact()
    {
        var options = new ChaosOptions
        {
            Scenarios = [ChaosScenario.SigKill, ChaosScenario.SigTerm, ChaosScenario.RedisRestart],
            Before = TimeSpan.FromSeconds(3),
            Duration = TimeSpan.FromSeconds(12),
            DownFor = TimeSpan.FromSeconds(6),
            RedisDownFor = TimeSpan.FromSeconds(5),
            SiloPath = Path.Combine(AppContext.BaseDirectory, "Granary.Silo.dll"),
            KeepWorkDirectory = Environment.GetEnvironmentVariable("GRANARY_TEST_KEEP_LOGS") == "1",
        };
        using var log = new StringWriter();
        using var bound = new CancellationTokenSource(RunBound);

        IReadOnlyList<ScenarioResult> results;
        try
        {
            results = await new ChaosRunner(options, TextWriter.Synchronized(log)).RunAsync(bound.Token);
        }
        finally
        {
            output.WriteLine(log.ToString());
        }

        output.WriteLine(ChaosTable.Format(results));
        Assert.Equal(options.Scenarios, results.Select(r => r.Scenario));
        foreach (var result in results)
        {
            Assert.True(result.Calls > 100, $"{result.Scenario.Name()}: only {result.Calls} calls were made");
            Assert.True(result.OkPercent >= 99.9, $"{result.Scenario.Name()}: {result.OkPercent:F3} % OK, below 99.9 %");
            Assert.True(
                result.Usage.WithinBound,
                $"{result.Scenario.Name()}: billed {result.Usage.Billed} for {result.Usage.Ok} calls answered OK and {result.Usage.FinallyFailed} that finally failed");
        }
    }
}
