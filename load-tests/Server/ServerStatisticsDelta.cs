namespace Granary.LoadTests.Server;

/// <summary>
/// What the server did during one step: the difference of its statistics after and before. Per-request times are
/// means in microseconds; compute is charged to every request in a batch, as Triton does.
/// </summary>
public sealed record ServerStatisticsDelta(
    long Inferences,
    long Executions,
    double MeanBatchSize,
    long Requests,
    double RequestUs,
    double QueueUs,
    double ComputeInputUs,
    double ComputeInferUs,
    double ComputeOutputUs,
    IReadOnlyList<BatchShare> Batches)
{
    public static ServerStatisticsDelta? Between(ServerStatisticsSnapshot? before, ServerStatisticsSnapshot? after)
    {
        if (before is null || after is null)
        {
            return null;
        }

        var executions = after.Executions - before.Executions;
        var inferences = after.Inferences - before.Inferences;
        var success = after.Success - before.Success;
        var batches = new List<BatchShare>();
        foreach (var (size, total) in after.ExecutionsByBatchSize)
        {
            var ran = total - before.ExecutionsByBatchSize.GetValueOrDefault(size);
            if (ran > 0)
            {
                batches.Add(new BatchShare(size, ran, executions > 0 ? Math.Round((double)ran / executions, 4) : 0));
            }
        }

        return new ServerStatisticsDelta(
            inferences,
            executions,
            executions > 0 ? Math.Round((double)inferences / executions, 2) : 0,
            success.Count,
            success.MeanUs,
            (after.Queue - before.Queue).MeanUs,
            (after.ComputeInput - before.ComputeInput).MeanUs,
            (after.ComputeInfer - before.ComputeInfer).MeanUs,
            (after.ComputeOutput - before.ComputeOutput).MeanUs,
            batches);
    }
}
