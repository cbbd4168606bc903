using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Granary.Tests.Protocol.Corpus;
using Granary.Tests.Rest;
using Grpc.Core;
using Xunit.Abstractions;

namespace Granary.Tests.Protocol;

/// <summary>
/// The generated bad-input corpus against a real silo over its real ports: every malformed request gets a client
/// error that says what was wrong (never INTERNAL or 500), and the silo stays ready and keeps serving.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class BadInputCorpusTests(SiloFixture silo, ITestOutputHelper output)
{
    /// <summary>How much the process's managed heap may grow across 9,000 malformed requests after the first 1,000.</summary>
    private const long MemoryGrowthBound = 20 * 1024 * 1024;

    public static TheoryData<string> GrpcCases => [.. GrpcBadInputs.All.Keys];

    public static TheoryData<string> RestCases => [.. RestBadInputs.All.Keys];

    public static TheoryData<string> GarbageCases => [.. GarbageConnections.All.Keys];

    [Theory]
    [MemberData(nameof(GrpcCases))]
    public async Task A_malformed_grpc_infer_gets_a_client_error_saying_what_is_wrong(string name)
    {
        var (code, message) = await SendGrpcAsync(GrpcBadInputs.All[name]);

        Assert.True(code == GrpcBadInputs.All[name].Expected, $"{name}: expected {GrpcBadInputs.All[name].Expected}, got {code}: {message}");
        Assert.Contains(GrpcBadInputs.All[name].Says, message);
        await AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(RestCases))]
    public async Task A_malformed_rest_infer_gets_a_4xx_saying_what_is_wrong(string name)
    {
        using var client = RestCalls.Client(silo);

        var (status, message) = await SendRestAsync(client, RestBadInputs.All[name]);

        Assert.True(status == RestBadInputs.All[name].Expected, $"{name}: expected {(int)RestBadInputs.All[name].Expected}, got {(int)status}: {message}");
        Assert.Contains(RestBadInputs.All[name].Says, message);
        await AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(GarbageCases))]
    public async Task Garbage_on_the_grpc_port_is_refused_and_the_silo_keeps_serving(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, silo.GrpcPort, timeout.Token);
        var stream = tcp.GetStream();

        await stream.WriteAsync(GarbageConnections.All[name], timeout.Token);

        await AssertStillServingAsync();
        if (GarbageConnections.IsRefusedAtOnce(name))
        {
            Assert.True(await GarbageConnections.ClosedByServerAsync(stream, timeout.Token), $"{name}: the silo kept a garbage connection open for 20 seconds");
        }
    }

    [Fact]
    public async Task Ten_thousand_malformed_requests_on_both_protocols_grow_the_silo_by_less_than_20_MB()
    {
        var grpc = GrpcBadInputs.Small.Select(n => GrpcBadInputs.All[n]).ToArray();
        var rest = RestBadInputs.Small.Select(n => RestBadInputs.All[n]).ToArray();
        using var client = RestCalls.Client(silo);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var serverFaults = 0;

        // Every tenth request names a model no one has asked for before, so nothing per unknown name may stay behind.
        async Task<bool> IsServerFaultAsync(int i) => (i % 20) switch
        {
            9 => (await SendGrpcAsync(new(() => Requests.RawFp32($"no-model-{i}", "input", new float[64], 1, 64), StatusCode.NotFound, "not found"))).Code is StatusCode.Internal or StatusCode.Unknown,
            19 => (int)(await SendRestAsync(client, new($"/v2/models/no-model-{i}/infer", () => new StringContent(RestTenants.MlpRequest), HttpStatusCode.NotFound, "not found"))).Status >= 500,
            _ when i % 2 == 0 => (await SendGrpcAsync(grpc[i / 2 % grpc.Length])).Code is StatusCode.Internal or StatusCode.Unknown,
            _ => (int)(await SendRestAsync(client, rest[i / 2 % rest.Length])).Status >= 500,
        };

        async Task SendAsync(int from, int to) => await Parallel.ForAsync(from, to, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = timeout.Token }, async (i, _) =>
        {
            if (await IsServerFaultAsync(i))
            {
                Interlocked.Increment(ref serverFaults);
            }
        });

        var started = Stopwatch.StartNew();
        await SendAsync(0, 1_000);
        var afterFirstThousand = GC.GetTotalMemory(forceFullCollection: true);
        await SendAsync(1_000, 10_000);
        var afterAll = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Equal(0, serverFaults);
        var growth = afterAll - afterFirstThousand;
        output.WriteLine($"10,000 malformed requests in {started.Elapsed.TotalSeconds:F1} s; managed heap {afterFirstThousand / 1048576.0:F1} MB after 1,000, {afterAll / 1048576.0:F1} MB after 10,000");
        Assert.True(growth < MemoryGrowthBound, $"the managed heap grew by {growth / (1024 * 1024.0):F1} MB ({afterFirstThousand} → {afterAll} bytes) across 9,000 malformed requests; the bound is {MemoryGrowthBound / (1024 * 1024)} MB");
        await AssertStillServingAsync();
    }

    private async Task<(StatusCode Code, string Message)> SendGrpcAsync(GrpcBadInput bad)
    {
        try
        {
            var response = await silo.Inference.ModelInferAsync(bad.Build(), deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.True(bad.EmptyBatch, $"a malformed request was answered OK with {response.Outputs.Count} outputs");
            Assert.All(response.Outputs, o => Assert.Equal(0, o.Shape[0]));
            return (bad.Expected, bad.Says);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }

    private static async Task<(HttpStatusCode Status, string Message)> SendRestAsync(HttpClient client, RestBadInput bad)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, bad.Path) { Content = bad.Content() };

        // As curl does for a large body: the silo can refuse it on its Content-Length before any of it is sent.
        request.Headers.ExpectContinue = request.Content.Headers.ContentLength > SiloFixture.MaxMessageBytes;
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.True(bad.EmptyBatch, $"a malformed request to {bad.Path} was answered 200: {body}");
            Assert.All(JsonDocument.Parse(body).RootElement.GetProperty("outputs").EnumerateArray(), o => Assert.Equal(0, o.GetProperty("shape")[0].GetInt64()));
            return (bad.Expected, bad.Says);
        }

        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} from {bad.Path} has no JSON error: '{body}'");
        var message = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message), $"{(int)response.StatusCode} from {bad.Path} has an empty error message");
        return (response.StatusCode, message!);
    }

    private async Task AssertStillServingAsync()
    {
        Assert.True((await silo.Inference.ServerReadyAsync(new ServerReadyRequest())).Ready, "the silo is not ready after a malformed request");
        var response = await silo.Inference.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", new float[64], 1, 64));
        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape.ToArray());
    }
}
