using System.Diagnostics;
using Granary.Telemetry;

namespace Granary.Replicas.Runtime;

/// <summary>
/// What one replica's executor reports per batch: its size as a metric, and, while something traces, a span for the
/// batch (its own trace, linked to every request in it) and a span per request under the request's queue span,
/// covering the ONNX Runtime run and linked to the batch it ran in.
/// </summary>
internal sealed class BatchTelemetry(ReplicaInstruments instruments, string model, long version)
{
    private readonly KeyValuePair<string, object?>[] _tags = ReplicaInstruments.TagsOf(model, version);

    public Activity? OnBatchStarted(IReadOnlyList<PendingInference> batch)
    {
        instruments.OnBatchExecuted(batch.Count, _tags);
        if (!GranaryTracing.Source.HasListeners())
        {
            return null;
        }

        var links = new List<ActivityLink>(batch.Count);
        foreach (var pending in batch)
        {
            if (pending.Parent != default)
            {
                links.Add(new ActivityLink(pending.Parent));
            }
        }

        // A root: the batch belongs to no one request's trace, each request's run links to it instead.
        var span = GranaryTracing.Source.StartActivity(GranaryInstruments.Spans.Batch, ActivityKind.Internal, parentContext: default, _tags, links);
        span?.SetTag("granary.batch.size", batch.Count);
        return span;
    }

    /// <summary>The request's run, from the batch's start until now, in the request's own trace.</summary>
    public void OnRequestRan(PendingInference pending, Activity? batchSpan)
    {
        if (batchSpan is null || pending.Parent == default)
        {
            return;
        }

        using var run = GranaryTracing.Source.StartActivity(
            GranaryInstruments.Spans.OnnxRun, ActivityKind.Internal, pending.Parent, _tags, [new ActivityLink(batchSpan.Context)], batchSpan.StartTimeUtc);
        run?.SetTag("granary.batch.size", batchSpan.GetTagItem("granary.batch.size"));
    }
}
