using Grpc.Core;
using Granary.Protocol.Inference;

namespace Granary.LoadTests.Server;

/// <summary>A model's cumulative <c>ModelStatistics</c> at one moment, summed over the versions asked for.</summary>
public sealed record ServerStatisticsSnapshot(
    long Inferences,
    long Executions,
    DurationTotal Success,
    DurationTotal Queue,
    DurationTotal ComputeInput,
    DurationTotal ComputeInfer,
    DurationTotal ComputeOutput,
    IReadOnlyDictionary<long, long> ExecutionsByBatchSize)
{
    /// <summary>The statistics, or null with the reason when the server keeps none (the transport server) or fails.</summary>
    public static async Task<(ServerStatisticsSnapshot? Snapshot, string? Problem)> FetchAsync(
        GRPCInferenceService.GRPCInferenceServiceClient client, Metadata? headers, string model, string version, CancellationToken cancellationToken)
    {
        ModelStatisticsResponse response;
        try
        {
            response = await client.ModelStatisticsAsync(
                new ModelStatisticsRequest { Name = model, Version = version }, headers, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, e.Status.Detail.Length > 0 ? $"{e.StatusCode}, {e.Status.Detail}" : e.StatusCode.ToString());
        }

        var inferences = 0L;
        var executions = 0L;
        DurationTotal success = default, queue = default, input = default, infer = default, output = default;
        var batches = new SortedDictionary<long, long>();
        foreach (var stats in response.ModelStats)
        {
            if (stats.Name != model || (version.Length > 0 && stats.Version != version))
            {
                continue;
            }

            inferences += (long)stats.InferenceCount;
            executions += (long)stats.ExecutionCount;
            var request = stats.InferenceStats;
            success += DurationTotal.Of(request?.Success);
            queue += DurationTotal.Of(request?.Queue);
            input += DurationTotal.Of(request?.ComputeInput);
            infer += DurationTotal.Of(request?.ComputeInfer);
            output += DurationTotal.Of(request?.ComputeOutput);
            foreach (var batch in stats.BatchStats)
            {
                var size = (long)batch.BatchSize;
                batches[size] = batches.GetValueOrDefault(size) + (long)(batch.ComputeInfer?.Count ?? 0);
            }
        }

        return (new ServerStatisticsSnapshot(inferences, executions, success, queue, input, infer, output, batches), null);
    }
}
