using Granary.Models;
using Granary.Models.Repository;

namespace Granary.Control;

/// <summary>Turns a <c>model.json</c> deployment into the spec the grains use, with defaults and estimates filled in.</summary>
public static class DeploymentSpecs
{
    /// <summary>Runtime working memory a session needs next to its weights: arena, activations, CUDA workspace.</summary>
    private const long SessionOverheadBytes = 32L << 20;

    public static DeploymentSpec From(string model, DeploymentConfig deployment, IEnumerable<string> modelFiles)
    {
        var min = Math.Max(0, deployment.MinReplicas ?? deployment.Replicas);
        var max = Math.Max(Math.Max(1, min), deployment.MaxReplicas ?? Math.Max(deployment.Replicas, min));
        return new DeploymentSpec(
            Math.Clamp(deployment.Replicas, Math.Max(1, min), max),
            Math.Max(1, deployment.Instances),
            Math.Max(1, deployment.IntraOpThreads),
            Math.Max(0, deployment.MaxBatchSize),
            Math.Max(0, deployment.DynamicBatching.MaxQueueDelayUs),
            deployment.DynamicBatching.PreferredBatchSizes,
            Math.Max(1, deployment.DynamicBatching.MaxQueueSize),
            DeviceClass(model, deployment.Device),
            min,
            max,
            deployment.MemoryMib > 0 ? deployment.MemoryMib << 20 : EstimateMemory(modelFiles),
            new Dictionary<string, string>(deployment.RequiredLabels, StringComparer.Ordinal),
            new AutoscalingSpec(
                Math.Max(1, deployment.Autoscaling.TargetInFlight),
                TimeSpan.FromSeconds(Math.Max(1, deployment.Autoscaling.ScaleUpAfterS)),
                TimeSpan.FromSeconds(Math.Max(1, deployment.Autoscaling.ScaleDownAfterIdleS))),
            PriceOf(model, deployment.Price),
            SloOf(model, deployment.Slo),
            PolicyOf(model, deployment.VersionPolicy));
    }

    private static ServiceLevelObjective? SloOf(string model, SloConfig? slo)
    {
        if (slo is null)
        {
            return null;
        }

        if (slo.Availability is < 0 or > 1 || double.IsNaN(slo.Availability))
        {
            throw new InvalidDataException($"model '{model}': deployment.slo.availability must be a fraction from 0 to 1, such as 0.999 (got {slo.Availability})");
        }

        if (slo.P99LatencyMs < 0 || double.IsNaN(slo.P99LatencyMs))
        {
            throw new InvalidDataException($"model '{model}': deployment.slo.p99_latency_ms must be zero (not stated) or positive (got {slo.P99LatencyMs})");
        }

        return new ServiceLevelObjective(slo.Availability, slo.P99LatencyMs);
    }

    private static VersionPolicy? PolicyOf(string model, VersionPolicyConfig? policy) => policy switch
    {
        null => null,
        { Latest: { } latest, Specific: null } when latest > 0 => VersionPolicy.LatestOf(latest),
        { Latest: null, Specific: { Length: > 0 } versions } when versions.All(v => v > 0) => VersionPolicy.Only(versions),
        _ => throw new InvalidDataException(
            $"model '{model}': deployment.version_policy takes either \"latest\": N (1 or more) or \"specific\": [versions], positive integers"),
    };

    private static ModelPrice? PriceOf(string model, PriceConfig? price)
    {
        if (price is null)
        {
            return null;
        }

        if (!ModelPrice.IsCurrencyCode(price.Currency))
        {
            throw new InvalidDataException($"model '{model}': deployment.price.currency must be a 3-letter ISO 4217 code such as USD (got '{price.Currency}')");
        }

        if (price.PerRequest < 0 || price.Per1kUnitsIn < 0 || price.Per1kUnitsOut < 0)
        {
            throw new InvalidDataException($"model '{model}': deployment.price amounts must be zero or positive");
        }

        return new ModelPrice(price.Currency, price.PerRequest, price.Per1kUnitsIn, price.Per1kUnitsOut);
    }

    /// <summary>
    /// A replica's memory when <c>memory_mib</c> is not declared: the largest version's weights one and a half
    /// times over (ONNX Runtime keeps an optimized copy while it loads) plus the session's working memory.
    /// </summary>
    public static long EstimateMemory(IEnumerable<string> modelFiles)
    {
        var largest = modelFiles.Select(f => File.Exists(f) ? new FileInfo(f).Length : 0).DefaultIfEmpty(0).Max();
        return largest + largest / 2 + SessionOverheadBytes;
    }

    private static string DeviceClass(string model, string device) => device.ToLowerInvariant() switch
    {
        "cpu" => "cpu",
        "gpu" or "cuda" => "gpu",
        _ => throw new InvalidDataException($"model '{model}': deployment.device must be cpu or gpu (got '{device}')"),
    };
}
