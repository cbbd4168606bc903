using Granary.Models.Synthesis;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using Grpc.Core;
using Xunit.Abstractions;

namespace Granary.Tests.Versions;

/// <summary>
/// Which version a request reaches, over real gRPC: the one it pins; without a pin, the traffic split's pick
/// when the model has a split, else the newest ready version. A split's outcome shows in the per-version
/// statistics, so a canary can be judged.
/// </summary>
[Collection(VersionsCollection.Name)]
public sealed class VersionRoutingTests(VersionsSiloFixture silo, ITestOutputHelper output)
{
    [Fact]
    public async Task A_pinned_request_reaches_the_version_it_names()
    {
        var first = await silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(VersionsSiloFixture.Routed, "1"));
        var second = await silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(VersionsSiloFixture.Routed, "2"));

        Assert.Equal(["1", "2"], [first.ModelVersion, second.ModelVersion]);
        Assert.NotEqual(Requests.RawOutputFp32(first), Requests.RawOutputFp32(second));
    }

    [Fact]
    public async Task An_unpinned_request_without_a_split_goes_to_the_newest_ready_version()
    {
        var row = Requests.RawFp32(VersionsSiloFixture.Routed, MlpSpec.InputName, new float[32], 1, 32);

        var response = await silo.Inference.ModelInferAsync(row);

        Assert.Equal("3", response.ModelVersion);
    }

    [Fact]
    public async Task A_90_10_split_gives_the_canary_10_percent_of_1000_requests_in_its_statistics()
    {
        const int Requests = 1000;
        await silo.Models.SetTrafficAsync(Split(VersionsSiloFixture.Split, (1, 90), (2, 10)));
        var before = await SuccessesAsync(VersionsSiloFixture.Split);

        var served = new int[3];
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= Requests)
            {
                var response = await silo.Inference.ModelInferAsync(VersionsSiloFixture.Row(VersionsSiloFixture.Split), deadline: DateTime.UtcNow.AddSeconds(30));
                Interlocked.Increment(ref served[int.Parse(response.ModelVersion) - 1]);
            }
        }));
        var after = await SuccessesAsync(VersionsSiloFixture.Split);

        var statistics = Enumerable.Range(1, 3).Select(v => after.GetValueOrDefault(v) - before.GetValueOrDefault(v)).ToArray();
        Assert.Equal(served.Select(s => (ulong)s), statistics);
        Assert.Equal((ulong)Requests, statistics[0] + statistics[1]);
        output.WriteLine($"90/10 split over {Requests} unpinned gRPC calls: v1 served {statistics[0]}, the canary v2 {statistics[1]} (ModelStatistics success counts)");
        Assert.True(statistics[1] is >= 70 and <= 130, $"expected the canary v2 to serve 10 % ± 3 of {Requests} requests; its statistics show {statistics[1]}");
    }

    [Fact]
    public async Task A_split_over_versions_with_different_signatures_is_refused_naming_the_mismatch()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => silo.Models.SetTrafficAsync(Split(VersionsSiloFixture.Split, (1, 50), (3, 50))).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("identical signatures: input 'input' is FP32 [-1, 64] in v1 but FP32 [-1, 32] in v3", refused.Status.Detail);
    }

    [Theory]
    [InlineData(1, 90, 2, 20, "add up to 110")]
    [InlineData(1, 50, 7, 50, "v7, which model 'split' does not have")]
    public async Task A_split_whose_weights_or_versions_are_wrong_is_invalid(long a, int aPercent, long b, int bPercent, string expected)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => silo.Models.SetTrafficAsync(Split(VersionsSiloFixture.Split, (a, aPercent), (b, bPercent))).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(expected, refused.Status.Detail);
    }

    public static SetTrafficRequest Split(string model, params (long Version, int Percent)[] shares)
    {
        var request = new SetTrafficRequest { Name = model };
        request.Traffic.Add(shares.Select(s => new TrafficShare { Version = s.Version, Percent = s.Percent }));
        return request;
    }

    private async Task<Dictionary<long, ulong>> SuccessesAsync(string model)
    {
        var statistics = await silo.Inference.ModelStatisticsAsync(new ModelStatisticsRequest { Name = model });
        return statistics.ModelStats.ToDictionary(s => long.Parse(s.Version), s => s.InferenceStats.Success.Count);
    }
}
