using System.Net;
using System.Net.Sockets;
using Granary.Tests.Infrastructure;
using Granary.Tests.Protocol.Corpus;
using Granary.Tests.Rest;

namespace Granary.Tests.Protocol;

/// <summary>
/// The generated bad-input corpus against a real silo over its real ports: every malformed request gets a client
/// error that says what was wrong (never INTERNAL or 500), and the silo stays ready and keeps serving.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class BadInputCorpusTests(SiloFixture silo)
{
    public static TheoryData<string> GrpcCases => [.. GrpcBadInputs.All.Keys];

    public static TheoryData<string> RestCases => [.. RestBadInputs.All.Keys];

    public static TheoryData<string> GarbageCases => [.. GarbageConnections.All.Keys];

    [Theory]
    [MemberData(nameof(GrpcCases))]
    public async Task A_malformed_grpc_infer_gets_a_client_error_saying_what_is_wrong(string name)
    {
        var (code, message) = await BadInputCalls.SendGrpcAsync(silo, GrpcBadInputs.All[name]);

        Assert.True(code == GrpcBadInputs.All[name].Expected, $"{name}: expected {GrpcBadInputs.All[name].Expected}, got {code}: {message}");
        Assert.Contains(GrpcBadInputs.All[name].Says, message);
        await BadInputCalls.AssertStillServingAsync(silo);
    }

    [Theory]
    [MemberData(nameof(RestCases))]
    public async Task A_malformed_rest_infer_gets_a_4xx_saying_what_is_wrong(string name)
    {
        using var client = RestCalls.Client(silo);

        var (status, message) = await BadInputCalls.SendRestAsync(client, RestBadInputs.All[name]);

        Assert.True(status == RestBadInputs.All[name].Expected, $"{name}: expected {(int)RestBadInputs.All[name].Expected}, got {(int)status}: {message}");
        Assert.Contains(RestBadInputs.All[name].Says, message);
        await BadInputCalls.AssertStillServingAsync(silo);
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

        await BadInputCalls.AssertStillServingAsync(silo);
        if (GarbageConnections.IsRefusedAtOnce(name))
        {
            Assert.True(await GarbageConnections.ClosedByServerAsync(stream, timeout.Token), $"{name}: the silo kept a garbage connection open for 20 seconds");
        }
    }
}
