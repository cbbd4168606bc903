using System.Text.Json.Serialization;

namespace Granary.Models.Repository;

/// <summary>A model's <c>model.json</c>: its card and how it is deployed. Data, not code, as in Triton.</summary>
public sealed record ModelConfig
{
    public string Description { get; set; } = "";
    public string License { get; set; } = "";
    public string Owner { get; set; } = "";

    /// <summary>The tenants that may see and call the model; empty means every tenant.</summary>
    public List<string> Tenants { get; set; } = [];
    public DeploymentConfig Deployment { get; set; } = new();
}

/// <summary>How a model runs: replicas across the cluster, workers per replica, batching.</summary>
public sealed record DeploymentConfig
{
    /// <summary>Replicas started with the model, each one ONNX Runtime session on one silo.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Fewest replicas the autoscaler keeps; 0 scales to zero when idle. Defaults to <see cref="Replicas"/>.</summary>
    public int? MinReplicas { get; set; }

    /// <summary>Most replicas the autoscaler adds under load. Defaults to <see cref="Replicas"/>.</summary>
    public int? MaxReplicas { get; set; }

    /// <summary>Device memory one replica needs, in MiB; 0 estimates it from the model file.</summary>
    public long MemoryMib { get; set; }

    /// <summary>Silo labels a replica's silo must carry, such as <c>{"region": "eu"}</c>.</summary>
    public Dictionary<string, string> RequiredLabels { get; set; } = [];

    public AutoscalingConfig Autoscaling { get; set; } = new();

    /// <summary>Worker threads per replica sharing its session, like Triton's instance groups.</summary>
    public int Instances { get; set; } = 1;

    /// <summary>ONNX Runtime intra-op threads per run; instances × intra-op threads should not exceed the cores.</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Largest number of rows stacked into one run; 0 turns batching off.</summary>
    public int MaxBatchSize { get; set; } = 64;

    public DynamicBatchingConfig DynamicBatching { get; set; } = new();

    /// <summary>The device class a replica needs: <c>cpu</c> or <c>gpu</c>.</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>What a call costs; none makes the model free unless a tenant's plan prices it.</summary>
    public PriceConfig? Price { get; set; }

    /// <summary>Which versions are loaded, as in Triton; none loads every version.</summary>
    public VersionPolicyConfig? VersionPolicy { get; set; }

    /// <summary>What the service promises for this model; the quality report measures against it.</summary>
    public SloConfig? Slo { get; set; }
}

/// <summary>A version policy: the newest <see cref="Latest"/> versions by number, or the <see cref="Specific"/> ones; one of the two.</summary>
public sealed record VersionPolicyConfig
{
    public int? Latest { get; set; }

    public long[]? Specific { get; set; }
}

/// <summary>A model's service-level objective: availability as a fraction (0.999) and p99 latency in ms; unset is not stated.</summary>
public sealed record SloConfig
{
    public double Availability { get; set; }

    public double P99LatencyMs { get; set; }
}

/// <summary>A model's price: per request and per 1,000 units in and out, in one ISO 4217 currency.</summary>
public sealed record PriceConfig
{
    public string Currency { get; set; } = "";

    public decimal PerRequest { get; set; }

    [JsonPropertyName("per_1k_units_in")]
    public decimal Per1kUnitsIn { get; set; }

    [JsonPropertyName("per_1k_units_out")]
    public decimal Per1kUnitsOut { get; set; }
}

/// <summary>When the model grain adds and removes replicas between the minimum and the maximum.</summary>
public sealed record AutoscalingConfig
{
    /// <summary>Calls in flight (queued or running) per replica above which the model scales up.</summary>
    public int TargetInFlight { get; set; } = 16;

    /// <summary>How long in-flight calls must stay above the target before a replica is added.</summary>
    public int ScaleUpAfterS { get; set; } = 3;

    /// <summary>How long the model must see no calls before a replica is removed.</summary>
    public int ScaleDownAfterIdleS { get; set; } = 60;
}

/// <summary>Triton-style dynamic batching: how long to wait for more rows, and how deep the queue may grow.</summary>
public sealed record DynamicBatchingConfig
{
    public long MaxQueueDelayUs { get; set; }

    public int[] PreferredBatchSizes { get; set; } = [];

    public int MaxQueueSize { get; set; } = 4096;
}

// Settable, not init-only: the source-generated reader then leaves a key missing from an older model.json at
// its default here instead of setting it to null or zero. Nulls are not written, so a model.json without a price
// still reads on silos that predate prices.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ModelConfig))]
internal sealed partial class ModelConfigJsonContext : JsonSerializerContext;
