namespace Granary.Tests.Processes;

/// <summary>What every silo of one test cluster shares: Redis, cluster identity and the model repository.</summary>
public sealed record ProcessClusterSettings(string RedisConnectionString, string ClusterId, string ServiceId, string RepositoryRoot, string WorkDirectory)
{
    public const string AdminKey = "process-cluster-admin-key-0123456789";

    /// <summary>The local redis-server that <c>.ci/run</c> starts; GRANARY_TEST_REDIS points elsewhere.</summary>
    public static string Redis => Environment.GetEnvironmentVariable("GRANARY_TEST_REDIS") is { Length: > 0 } redis ? redis : "127.0.0.1:6379";
}
