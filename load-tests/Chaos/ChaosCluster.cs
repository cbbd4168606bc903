using System.Security.Cryptography;
using Granary.Client;
using Granary.LoadTests.Targets;
using Granary.Models.Repository;
using Granary.Models.Synthesis;
using Granary.Protocol.V1;

namespace Granary.LoadTests.Chaos;

/// <summary>
/// The cluster a chaos run breaks: its own redis-server and silo processes on loopback, silo-1 started first as
/// scripts/dev-cluster.sh does, the model deployed with several replicas. With proxies, each silo advertises a
/// <see cref="BlackholeProxy"/> in front of its gRPC, silo and gateway ports, so the runner can partition it.
/// </summary>
public sealed class ChaosCluster : IAsyncDisposable
{
    private static readonly TimeSpan MembershipBound = TimeSpan.FromSeconds(120);

    private readonly ChaosOptions _options;
    private readonly TextWriter _log;
    private readonly Dictionary<string, ClusterSilo> _silos = [];
    private readonly Dictionary<string, BlackholeProxy[]> _proxies = [];
    private readonly bool _proxied;
    private readonly PartitionedProcesses _partitioned = new();
    private int _starts;

    private ChaosCluster(ChaosOptions options, ChaosClusterSettings settings, RedisServer redis, bool proxied, TextWriter log)
    {
        _options = options;
        Settings = settings;
        Redis = redis;
        _proxied = proxied;
        _log = log;
    }

    public ChaosClusterSettings Settings { get; }

    public RedisServer Redis { get; }

    /// <summary>Every silo started, by name: the latest process under each name.</summary>
    public IReadOnlyDictionary<string, ClusterSilo> Silos => _silos;

    /// <summary>The gRPC addresses of the first three silos, which every client of the run is given.</summary>
    public IReadOnlyList<Uri> Endpoints => [.. _silos.Values.Take(3).Select(s => s.GrpcAddress)];

    public static async Task<ChaosCluster> StartAsync(ChaosOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var work = Path.Combine(Path.GetTempPath(), "granary-chaos", id);
        var repository = Path.Combine(work, "models");
        Directory.CreateDirectory(work);
        WriteRepository(repository, options);
        var redis = await RedisServer.StartAsync(work, cancellationToken);
        var settings = new ChaosClusterSettings(
            SiloProcess.Locate(options.SiloPath), redis.ConnectionString, $"chaos-{id}", $"chaos-{id}", repository, work,
            "chaos-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
        var cluster = new ChaosCluster(options, settings, redis, options.Scenarios.Contains(ChaosScenario.Partition), log);
        try
        {
            // silo-1 alone first, as the script starts it: it places the model's replicas before the others join.
            await cluster.AddSiloAsync("silo-1", cancellationToken);
            await Task.WhenAll(cluster.AddSiloAsync("silo-2", cancellationToken), cluster.AddSiloAsync("silo-3", cancellationToken));
            await cluster.WaitForMembershipAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a new silo under <paramref name="name"/> and waits until it serves the model.</summary>
    public async Task<ClusterSilo> AddSiloAsync(string name, CancellationToken cancellationToken)
    {
        var ports = SiloPorts.Take(_proxied);
        if (ports.ProxyGrpc is { } proxyGrpc)
        {
            _proxies[name] =
            [
                new BlackholeProxy(proxyGrpc, ports.Grpc, _partitioned),
                new BlackholeProxy(ports.ProxySilo!.Value, ports.Silo, _partitioned),
                new BlackholeProxy(ports.ProxyGateway!.Value, ports.Gateway, _partitioned),
            ];
        }

        return await StartAsync(name, ports, cancellationToken);
    }

    /// <summary>Starts the silo of that name again on the same ports, after the old process is gone (killed if need be).</summary>
    public async Task<ClusterSilo> RestartAsync(string name, CancellationToken cancellationToken)
    {
        var old = _silos[name];
        await old.DisposeAsync();
        return await StartAsync(name, old.Ports, cancellationToken);
    }

    /// <summary>Cuts the silo off: its proxies pass nothing either way, nor do the others on connections it opened.</summary>
    public void Partition(string name)
    {
        _partitioned.Cut(_silos[name].ProcessId);
        foreach (var proxy in _proxies[name])
        {
            proxy.Blackhole();
        }

        foreach (var proxy in _proxies.Where(p => p.Key != name).SelectMany(p => p.Value))
        {
            proxy.StallPartitioned();
        }
    }

    public void Heal()
    {
        _partitioned.HealAll();
        foreach (var proxy in _proxies.Values.SelectMany(p => p))
        {
            proxy.Heal();
        }
    }

    /// <summary>A client with the admin key over the given silos (every one when none is named).</summary>
    public GranaryClient AdminClient(IEnumerable<string>? silos = null, TimeSpan? timeout = null) =>
        new(new GranaryClientOptions
        {
            Endpoints = [.. (silos ?? _silos.Keys).Select(name => _silos[name].GrpcAddress.ToString())],
            ApiKey = Settings.AdminKey,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(2),
            MaxRetries = 4,
        });

    /// <summary>A tenant limited to <paramref name="quota"/> (unlimited when null), and the secret of a key for it.</summary>
    public async Task<string> CreateTenantAsync(string id, QuotaLimits? quota, CancellationToken cancellationToken)
    {
        using var admin = AdminClient();

        // Without a quota: -1 is unlimited on any plan, so calls pay admission but are never refused.
        var limits = quota ?? new QuotaLimits { RequestsPerSecond = -1, UnitsPerMinute = -1, MaxConcurrent = -1, MonthlyUnits = -1 };
        await admin.CreateTenantAsync(new CreateTenantRequest { Id = id, Name = id, Plan = "chaos", Quota = limits }, cancellationToken);
        return (await admin.IssueApiKeyAsync(id, "chaos", cancellationToken)).Secret;
    }

    /// <summary>Waits until every running silo lists exactly the running silos as active.</summary>
    public async Task WaitForMembershipAsync(CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(MembershipBound);
        var live = _silos.Values.Where(s => !s.HasExited).Select(s => s.Name).Order().ToArray();
        while (!await AllSeeAsync(live, bound.Token))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), bound.Token);
        }
    }

    /// <summary>The silo's address in the membership now (ip:port@generation), or null when it is not active.</summary>
    public async Task<string?> ActiveAddressAsync(string name, CancellationToken cancellationToken)
    {
        using var admin = AdminClient();
        var silos = await admin.ListSilosAsync(cancellationToken);
        return silos.FirstOrDefault(s => s.Name == name && s.Status == "ACTIVE")?.Address;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos.Values)
        {
            await silo.DisposeAsync();
        }

        foreach (var proxy in _proxies.Values.SelectMany(p => p))
        {
            await proxy.DisposeAsync();
        }

        await Redis.DisposeAsync();
        if (!_options.KeepWorkDirectory)
        {
            Directory.Delete(Settings.WorkDirectory, recursive: true);
        }
        else
        {
            await _log.WriteLineAsync($"logs kept in {Settings.WorkDirectory}");
        }
    }

    private async Task<ClusterSilo> StartAsync(string name, SiloPorts ports, CancellationToken cancellationToken)
    {
        var silo = ClusterSilo.Start(Settings, name, ports, ++_starts);
        _silos[name] = silo;
        await silo.WaitReadyAsync(_options.Model, Settings.AdminKey, cancellationToken);
        await _log.WriteLineAsync($"{name} ready on {silo.GrpcAddress}");
        return silo;
    }

    private async Task<bool> AllSeeAsync(string[] live, CancellationToken cancellationToken)
    {
        foreach (var name in live)
        {
            using var client = AdminClient([name], TimeSpan.FromSeconds(3));
            try
            {
                var active = (await client.ListSilosAsync(cancellationToken)).Where(s => s.Status == "ACTIVE").Select(s => s.Name).Order();
                if (!active.SequenceEqual(live))
                {
                    return false;
                }
            }
            catch (Grpc.Core.RpcException)
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteRepository(string repository, ChaosOptions options)
    {
        DemoRepository.WriteModel(repository, options.Model, 1, ModelSynthesizer.Mlp(MlpSpec.DemoClassifier), new ModelConfig
        {
            Description = "The demo classifier with several replicas, for the chaos runs.",
            License = "Apache-2.0",
            Owner = "granary-load-tests",
            Deployment = new DeploymentConfig { MaxBatchSize = 64, Replicas = options.Replicas },
        });
        DemoRepository.EnsureCreated(repository);
    }
}
