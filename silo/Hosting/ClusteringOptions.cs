namespace Granary.Silo.Hosting;

/// <summary>How silos find each other and where grain state lives: <c>Granary:Clustering</c> and <c>Granary:Redis</c>.</summary>
public sealed class ClusteringOptions
{
    public const string ModeKey = "Granary:Clustering";

    public const string RedisKey = "Granary:Redis";

    /// <summary>The environment variable read when <c>Granary:Redis</c> is not set.</summary>
    public const string RedisEnvironmentVariable = "GRANARY_REDIS";

    public const string StatePathKey = "Granary:State:Path";

    public ClusteringMode Mode { get; init; } = ClusteringMode.Localhost;

    /// <summary>Where a Localhost-mode silo keeps grain state (tenants, keys, quota counters) across restarts.</summary>
    public string StatePath { get; init; } = ".granary/state";

    /// <summary>A StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c>.</summary>
    public string RedisConnectionString { get; init; } = "";

    public static ClusteringOptions From(IConfiguration configuration)
    {
        var mode = configuration[ModeKey];
        var parsed = ClusteringMode.Localhost;
        if (!string.IsNullOrWhiteSpace(mode) && !Enum.TryParse(mode, ignoreCase: true, out parsed))
        {
            throw new InvalidOperationException($"{ModeKey} must be Localhost or Redis (got '{mode}').");
        }

        var redis = configuration[RedisKey] is { Length: > 0 } configured
            ? configured
            : Environment.GetEnvironmentVariable(RedisEnvironmentVariable) ?? "";
        if (parsed == ClusteringMode.Redis && redis.Length == 0)
        {
            throw new InvalidOperationException(
                $"{ModeKey}=Redis needs a Redis connection string in {RedisKey} or the {RedisEnvironmentVariable} environment variable.");
        }

        var state = configuration[StatePathKey] is { Length: > 0 } path ? path : ".granary/state";
        return new ClusteringOptions { Mode = parsed, RedisConnectionString = redis, StatePath = Path.GetFullPath(state) };
    }
}
