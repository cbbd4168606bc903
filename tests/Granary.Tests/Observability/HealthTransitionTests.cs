using System.Net;
using Granary.Models.Repository;
using Granary.Models.Synthesis;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Granary.Tests.Processes;
using Grpc.Core;
using Xunit.Abstractions;

namespace Granary.Tests.Observability;

/// <summary>
/// A silo process through its life, as a load balancer probes it on the management port: live but not ready while it
/// starts, ready once it has joined and loaded its models (a model that fits nowhere does not hold it back), and not
/// ready again as soon as SIGTERM arrives, while the calls it already has still finish.
/// </summary>
[Collection(ProcessClusterCollection.Name)]
public sealed class HealthTransitionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_silo_is_live_not_ready_while_starting_then_ready_then_not_ready_while_draining_on_sigterm()
    {
        // A model large enough (about 84 MB) that loading it takes a while, so the probes see the silo live but not
        // yet ready however fast the other models load.
        await using var cluster = ProcessCluster.Create(root =>
        {
            TestModels.WriteInto(root);
            DemoRepository.WriteModel(root, "mlp-large", 1, ModelSynthesizer.Mlp(new MlpSpec(Inputs: 1024, Hidden: 4096, Layers: 2, Outputs: 10, Seed: 5)), new ModelConfig
            {
                Description = "a model slow to load",
            });
        });
        var silo = cluster.StartSilo($"--Granary:Health:DrainDelay={DrainDelay}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var probes = $"http://127.0.0.1:{silo.MetricsPort}/healthz";

        // Starting: the first answer the silo gives says live, not ready.
        (HttpStatusCode Live, HttpStatusCode Ready)? first = null;
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.False(silo.HasExited, $"the silo exited: {silo.Tail()}");
                first = (await ProbeAsync(http, $"{probes}/live"), await ProbeAsync(http, $"{probes}/ready")) is (HttpStatusCode live, HttpStatusCode ready) ? (live, ready) : null;
                return first is not null;
            },
            TimeSpan.FromSeconds(60),
            "the silo's first answer");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable), first);

        // Ready: joined and loaded, though the repository's gpu-only model fits no device here.
        await Eventually.TrueAsync(async () => await ProbeAsync(http, $"{probes}/ready") == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "readiness");
        Assert.Equal(HttpStatusCode.OK, await ProbeAsync(http, probes));

        // Draining: calls in flight on a slow model when SIGTERM arrives.
        var calls = Enumerable.Range(0, 64)
            .Select(_ => silo.Inference.ModelInferAsync(Requests.RawFp32(TestModels.SlowMlp, "input", new float[128 * 256], 128, 256)).ResponseAsync)
            .ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(calls.Count(c => c.IsCompleted) >= 1), TimeSpan.FromSeconds(60), "the first slow call to finish");
        silo.Terminate();

        await Eventually.TrueAsync(async () => await ProbeAsync(http, $"{probes}/ready") == HttpStatusCode.ServiceUnavailable, DrainDelay, "readiness to turn false");
        var liveWhileDraining = await ProbeAsync(http, $"{probes}/live");
        var pendingWhenUnready = calls.Count(c => !c.IsCompleted);
        var outcomes = await Task.WhenAll(calls.Select(async c =>
        {
            try
            {
                await c;
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));
        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"{pendingWhenUnready} of {calls.Length} calls were still in flight when readiness turned false");
        Assert.Equal(HttpStatusCode.OK, liveWhileDraining);
        Assert.True(pendingWhenUnready > 0, "no call was in flight while the silo drained; the test proves nothing");
        Assert.True(outcomes.All(o => o == StatusCode.OK), $"calls in flight at SIGTERM should finish OK: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key}×{g.Count()}"))}\n{silo.Tail()}");
        Assert.Equal(0, exitCode);
    }

    /// <summary>The probe's status; null while nothing listens yet.</summary>
    private static async Task<HttpStatusCode?> ProbeAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
