using System.Globalization;

namespace Granary.LoadTests.Targets;

/// <summary>
/// The cross-silo target: a redis-server of its own and <see cref="Silos"/> silo processes joined through it. Silo 1
/// starts alone and is ready with the model's one replica before the others join, so the replica lives on silo 1 and
/// calls sent to the others (<see cref="CallAddresses"/>) reach it with a grain call.
/// </summary>
public sealed class BenchmarkCluster : IStartedTarget
{
    public const int Silos = 3;

    private readonly ChildProcess _redis;
    private readonly IReadOnlyList<RunningServer> _silos;

    private BenchmarkCluster(ChildProcess redis, IReadOnlyList<RunningServer> silos)
    {
        _redis = redis;
        _silos = silos;
    }

    /// <summary>Every silo but the replica's: where the benchmark sends its calls, taken in turn.</summary>
    public IReadOnlyList<Uri> CallAddresses => [.. _silos.Skip(1).Select(silo => silo.Address)];

    public string? ApiKey => _silos[0].ApiKey;

    /// <summary>Every silo, the one holding the replica and the ones the calls go through.</summary>
    public IReadOnlyList<int> ServerProcessIds => [.. _silos.Select(silo => silo.Process.Id)];

    public static async Task<BenchmarkCluster> StartAsync(
        BenchmarkOptions options, string repositoryPath, string workDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(workDirectory, "cluster");
        Directory.CreateDirectory(directory);
        var (redis, endpoint) = await RedisProcess.StartAsync(directory, cancellationToken);
        var silos = new List<RunningServer>();
        try
        {
            var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
            var access = options.WithTenant ? new SiloAccess(BenchmarkTenant.NewAdminKey(), null) : null;
            for (var i = 1; i <= Silos; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"silo-{i}");
                string[] settings =
                [
                    "--Granary:Clustering=Redis",
                    $"--Granary:Redis={endpoint}",
                    $"--Granary:Orleans:ClusterId={clusterId}",
                    $"--Granary:Orleans:SiloName={name}",
                    "--Granary:Orleans:AdvertisedAddress=127.0.0.1",
                ];
                var silo = await SiloProcess.StartAsync(options, repositoryPath, Path.Combine(directory, name), access, settings, cancellationToken);
                silos.Add(silo);
                access = access is null ? null : access with { TenantKey = silo.ApiKey };
            }
        }
        catch
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }

        return new BenchmarkCluster(redis, silos);
    }

    /// <summary>SIGTERM to the silos that took calls, then the replica's, then Redis; what did not exit cleanly.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        var problems = new List<string>();
        foreach (var silo in _silos.Reverse())
        {
            problems.AddRange(await silo.StopAsync());
        }

        await _redis.StopAsync();
        return problems;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }
}
