namespace Granary.LoadTests.Chaos;

/// <summary>What every silo of one chaos cluster shares: the silo build, Redis, identity, repository and admin key.</summary>
public sealed record ChaosClusterSettings(string SiloPath, string Redis, string ClusterId, string ServiceId, string RepositoryPath, string WorkDirectory, string AdminKey);
