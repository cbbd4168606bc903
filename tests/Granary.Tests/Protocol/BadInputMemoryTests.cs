using System.Diagnostics;
using System.Net;
using Granary.Tests.Infrastructure;
using Granary.Tests.Protocol.Corpus;
using Granary.Tests.Rest;
using Grpc.Core;
using Xunit.Abstractions;

namespace Granary.Tests.Protocol;

/// <summary>
/// Malformed requests by the thousand leave the silo no bigger. The silo runs in this process, so the managed heap
/// after a full collection is its heap; the test runs alone so no other test's allocations count.
/// </summary>
[Collection(SoloSiloCollection.Name)]
public sealed class BadInputMemoryTests(SiloFixture silo, ITestOutputHelper output)
{
    /// <summary>How much the process's managed heap may grow across 9,000 malformed requests after the first 1,000.</summary>
    private const long MemoryGrowthBound = 20 * 1024 * 1024;

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
            9 => (await BadInputCalls.SendGrpcAsync(silo, new(() => Requests.RawFp32($"no-model-{i}", "input", new float[64], 1, 64), StatusCode.NotFound, "not found"))).Code is StatusCode.Internal or StatusCode.Unknown,
            19 => (int)(await BadInputCalls.SendRestAsync(client, new($"/v2/models/no-model-{i}/infer", () => new StringContent(RestTenants.MlpRequest), HttpStatusCode.NotFound, "not found"))).Status >= 500,
            _ when i % 2 == 0 => (await BadInputCalls.SendGrpcAsync(silo, grpc[i / 2 % grpc.Length])).Code is StatusCode.Internal or StatusCode.Unknown,
            _ => (int)(await BadInputCalls.SendRestAsync(client, rest[i / 2 % rest.Length])).Status >= 500,
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
        await BadInputCalls.AssertStillServingAsync(silo);
    }
}

/// <summary>A silo of its own for tests that measure the process, run while no other test collection runs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloSiloCollection : ICollectionFixture<SiloFixture>
{
    public const string Name = "silo-alone";
}
