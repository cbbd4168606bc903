using Granary.Models;
using Granary.Routing;

namespace Granary.Control;

/// <summary>
/// What an admin may set on a model: replica counts in range, a version policy over versions the model has,
/// and a traffic split over existing, loadable versions with identical signatures whose percentages add up to 100.
/// A malformed change is an <see cref="InvalidModelChangeException"/>; one the versions cannot take as they stand
/// (differing signatures, a policy that would unload a version the split uses) a <see cref="ModelChangeConflictException"/>.
/// </summary>
public static class ModelChangeRules
{
    /// <summary>The most replicas one version may ask for.</summary>
    public const int MaxReplicas = 64;

    /// <summary>The most device memory one replica may ask for: 1 TiB.</summary>
    public const long MaxMemoryMib = 1L << 20;

    /// <summary>The device class, as <c>model.json</c> names it: <c>cpu</c>, or <c>gpu</c> (also written <c>cuda</c>).</summary>
    public static string CheckDevice(string device) => device.ToLowerInvariant() switch
    {
        "cpu" => "cpu",
        "gpu" or "cuda" => "gpu",
        _ => throw new InvalidModelChangeException($"device must be cpu or gpu (got '{device}')", "device"),
    };

    public static long CheckMemory(long mib) =>
        mib is > 0 and <= MaxMemoryMib ? mib : throw new InvalidModelChangeException($"memory_mib must be between 1 and {MaxMemoryMib} (got {mib})", "memory_mib");

    public static void CheckDeployment(RepositoryModel model, DeploymentSpec changed, IReadOnlyList<TrafficShare> traffic)
    {
        if (changed.Replicas is < 1 or > MaxReplicas)
        {
            throw new InvalidModelChangeException(
                $"replicas must be between 1 and {MaxReplicas} (got {changed.Replicas}); unload the model to stop serving it", "replicas");
        }

        if (changed.MinReplicas < 0 || changed.MinReplicas > changed.Replicas)
        {
            throw new InvalidModelChangeException(
                $"min_replicas must be between 0 and replicas ({changed.Replicas}) (got {changed.MinReplicas})", "min_replicas");
        }

        if (changed.MaxReplicas < changed.Replicas || changed.MaxReplicas > MaxReplicas)
        {
            throw new InvalidModelChangeException(
                $"max_replicas must be between replicas ({changed.Replicas}) and {MaxReplicas} (got {changed.MaxReplicas})", "max_replicas");
        }

        CheckPolicy(model, changed.PolicyOrAll, traffic);
    }

    public static void CheckPolicy(RepositoryModel model, VersionPolicy policy, IReadOnlyList<TrafficShare> traffic)
    {
        var versions = model.Versions.Select(v => v.Version).ToArray();
        if (policy.Latest < 0)
        {
            throw new InvalidModelChangeException($"version_policy latest must be 1 or more (got {policy.Latest})", "version_policy");
        }

        if (policy.Specific.Where(v => !versions.Contains(v)).Select(v => (long?)v).FirstOrDefault() is { } missing)
        {
            throw new InvalidModelChangeException(
                $"version_policy names v{missing}, which model '{model.Name}' does not have (versions: {string.Join(", ", versions)})", "version_policy");
        }

        if (traffic.FirstOrDefault(s => !policy.Selects(s.Version, versions)) is { } unloaded)
        {
            throw new ModelChangeConflictException(
                $"the version policy {policy} would unload v{unloaded.Version} of model '{model.Name}', which the traffic split sends {unloaded.Percent} % to; change the split first");
        }
    }

    /// <summary>The split to keep; empty clears it, so unpinned requests go to the newest ready version again.</summary>
    public static IReadOnlyList<TrafficShare> CheckTraffic(RepositoryModel model, IReadOnlyList<TrafficShare> shares, VersionPolicy policy)
    {
        if (shares.Count == 0)
        {
            return [];
        }

        var versions = model.Versions.Select(v => v.Version).ToArray();
        foreach (var share in shares)
        {
            if (share.Percent is < 0 or > TrafficSplit.Total)
            {
                throw new InvalidModelChangeException($"v{share.Version} has {share.Percent} %; each percentage is between 0 and {TrafficSplit.Total}", "traffic");
            }

            if (!versions.Contains(share.Version))
            {
                throw new InvalidModelChangeException(
                    $"the split names v{share.Version}, which model '{model.Name}' does not have (versions: {string.Join(", ", versions)})", "traffic");
            }
        }

        if (shares.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidModelChangeException($"the split names v{twice.Key} more than once", "traffic");
        }

        if (shares.Sum(s => s.Percent) is var sum and not TrafficSplit.Total)
        {
            throw new InvalidModelChangeException($"the split's percentages add up to {sum}; they must add up to {TrafficSplit.Total}", "traffic");
        }

        var split = shares.Select(s => model.Versions.First(v => v.Version == s.Version)).ToArray();
        if (split.FirstOrDefault(v => v.Error is not null) is { } broken)
        {
            throw new ModelChangeConflictException($"v{broken.Version} of model '{model.Name}' cannot serve: {broken.Error}");
        }

        if (split.FirstOrDefault(v => !policy.Selects(v.Version, versions)) is { } outside)
        {
            throw new ModelChangeConflictException(
                $"v{outside.Version} of model '{model.Name}' is outside its version policy {policy}; widen the policy or leave v{outside.Version} out of the split");
        }

        foreach (var other in split.Skip(1))
        {
            if (SignatureDifference.Between(split[0], other) is { } difference)
            {
                throw new ModelChangeConflictException($"versions in a split must have identical signatures: {difference}");
            }
        }

        return shares.ToArray();
    }
}
