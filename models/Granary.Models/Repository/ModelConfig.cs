using System.Text.Json.Serialization;

namespace Granary.Models.Repository;

/// <summary>A model's <c>model.json</c>: its card and how it is deployed. Data, not code, as in Triton.</summary>
public sealed record ModelConfig
{
    public string Description { get; init; } = "";
    public string License { get; init; } = "";
    public string Owner { get; init; } = "";
    public DeploymentConfig Deployment { get; init; } = new();
}

/// <summary>How a model runs: replicas across the cluster, workers per replica, batching.</summary>
public sealed record DeploymentConfig
{
    /// <summary>Replicas kept in the cluster, each one ONNX Runtime session on one silo.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Worker threads per replica sharing its session, like Triton's instance groups.</summary>
    public int Instances { get; init; } = 1;

    /// <summary>ONNX Runtime intra-op threads per run; instances × intra-op threads should not exceed the cores.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Largest number of rows stacked into one run; 0 turns batching off.</summary>
    public int MaxBatchSize { get; init; } = 64;

    public DynamicBatchingConfig DynamicBatching { get; init; } = new();

    /// <summary>The device class a replica needs: <c>cpu</c> or <c>gpu</c>.</summary>
    public string Device { get; init; } = "cpu";
}

/// <summary>Triton-style dynamic batching: how long to wait for more rows, and how deep the queue may grow.</summary>
public sealed record DynamicBatchingConfig
{
    public long MaxQueueDelayUs { get; init; }

    public int[] PreferredBatchSizes { get; init; } = [];

    public int MaxQueueSize { get; init; } = 4096;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ModelConfig))]
internal sealed partial class ModelConfigJsonContext : JsonSerializerContext;
