using Granary.Protocol.V1;
using Granary.Tests.Infrastructure;
using StackExchange.Redis;

namespace Granary.Tests.Processes;

/// <summary>
/// A Granary cluster of real silo processes joined through a real Redis server, with a fresh cluster
/// identity so tests never see each other's silos; Redis keys are removed afterwards.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(90);

    private readonly List<SiloProcess> _silos = [];
    private int _started;

    private ProcessCluster(ProcessClusterSettings settings) => Settings = settings;

    public ProcessClusterSettings Settings { get; }

    /// <summary>The silos started and not yet gone, in start order.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos.Where(s => !s.HasExited).ToArray();

    public static async Task<ProcessCluster> StartAsync(int silos, Action<string>? writeRepository = null)
    {
        var cluster = Create(writeRepository);
        await cluster.AddSilosAsync(silos);
        return cluster;
    }

    /// <summary>A cluster with no silo yet: its ids, its work directory and its repository.</summary>
    public static ProcessCluster Create(Action<string>? writeRepository = null)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var work = Path.Combine(Path.GetTempPath(), "granary-tests", $"cluster-{id}");
        var settings = new ProcessClusterSettings(ProcessClusterSettings.Redis, $"c-{id}", $"granary-test-{id}", Path.Combine(work, "models"), work);
        Directory.CreateDirectory(work);
        (writeRepository ?? TestModels.WriteInto)(settings.RepositoryRoot);
        return new ProcessCluster(settings);
    }

    /// <summary>Starts one more silo and returns at once, before it is ready: for a test that watches it start.</summary>
    public SiloProcess StartSilo(params string[] arguments)
    {
        var silo = SiloProcess.Start($"silo-{++_started}", Settings, arguments);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Starts more silos and waits until each is ready and every live silo sees all of them active.</summary>
    public async Task<SiloProcess[]> AddSilosAsync(int count, params string[] arguments)
    {
        var added = Enumerable.Range(0, count).Select(_ => StartSilo(arguments)).ToArray();
        await Task.WhenAll(added.Select(s => s.WaitReadyAsync(StartBound)));
        await WaitForMembershipAsync();
        return added;
    }

    /// <summary>Waits until every live silo lists exactly the live silos as active.</summary>
    public Task WaitForMembershipAsync(TimeSpan? within = null) =>
        Eventually.TrueAsync(
            async () =>
            {
                var live = Silos.Select(s => s.Name).Order().ToArray();
                foreach (var silo in Silos)
                {
                    var listed = (await silo.Cluster.ListSilosAsync(new ListSilosRequest())).Silos;
                    if (!listed.Where(s => s.Status == "ACTIVE").Select(s => s.Name).Order().SequenceEqual(live))
                    {
                        return false;
                    }
                }

                return true;
            },
            within ?? StartBound,
            "every silo to see the same active membership");

    /// <summary>SIGTERMs every live silo and waits for each to exit; returns their exit codes.</summary>
    public async Task<int[]> StopAllAsync()
    {
        var live = Silos;
        foreach (var silo in live)
        {
            silo.Terminate();
        }

        return await Task.WhenAll(live.Select(s => s.WaitForExitAsync(TimeSpan.FromSeconds(60))));
    }

    /// <summary>Starts a silo again under the name of one that is gone, on the same state path, and waits until it is ready and seen.</summary>
    public async Task<SiloProcess> RestartAsync(SiloProcess gone, params string[] arguments)
    {
        var restarted = SiloProcess.Start(gone.Name, Settings, arguments);
        _silos.Add(restarted);
        await restarted.WaitReadyAsync(StartBound);
        await WaitForMembershipAsync();
        return restarted;
    }

    /// <summary>The live silo of that name, or the last one started under it.</summary>
    public SiloProcess Named(string name) => _silos.LastOrDefault(s => s.Name == name && !s.HasExited) ?? _silos.Last(s => s.Name == name);

    public string Logs() => string.Join("\n", _silos.Select(s => $"--- {s.Name} ---\n{s.Tail()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await RemoveRedisKeysAsync();

        // GRANARY_TEST_KEEP_LOGS=1 keeps the silos' logs and repository for a look after the run.
        if (Environment.GetEnvironmentVariable("GRANARY_TEST_KEEP_LOGS") != "1")
        {
            Directory.Delete(Settings.WorkDirectory, recursive: true);
        }
    }

    private async Task RemoveRedisKeysAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Settings.RedisConnectionString);
        var server = redis.GetServers()[0];
        var database = redis.GetDatabase();
        await foreach (var key in server.KeysAsync(pattern: $"{Settings.ServiceId}*"))
        {
            await database.KeyDeleteAsync(key);
        }
    }
}
