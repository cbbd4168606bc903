using System.Collections.Concurrent;
using System.Diagnostics;
using Granary.Telemetry;
using Granary.Tests.Infrastructure;

namespace Granary.Tests.Observability;

/// <summary>
/// One request's trace, captured in this process with an <see cref="ActivityListener"/> (the test silo runs here), over a
/// real gRPC call: the server span, then the front door, the router, the batcher and the ONNX Runtime run, each the
/// child of the one before, and the run linked to the batch span it ran in.
/// </summary>
[Collection(MonitoredSiloCollection.Name)]
public sealed class TraceTests(MonitoredSiloFixture fixture)
{
    private const string ServerSpan = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    private const string TestSourceName = "Granary.Tests.Traces";

    [Fact]
    public async Task A_grpc_inference_is_one_trace_from_the_server_span_to_the_onnx_run_linked_to_its_batch()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is GranaryInstruments.ActivitySourceName or "Microsoft.AspNetCore" or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var testSource = new ActivitySource(TestSourceName);

        ActivityTraceId traceId;
        using (var root = testSource.StartActivity("client call")!)
        {
            traceId = root.TraceId;
            await fixture.Silo.Inference.ModelInferAsync(ObservedTraffic.Request());
        }

        Activity Span(string name) => stopped.Single(a => a.TraceId == traceId && a.OperationName == name);
        await Eventually.TrueAsync(
            () => Task.FromResult(stopped.Any(a => a.TraceId == traceId && a.OperationName == ServerSpan)),
            TimeSpan.FromSeconds(10),
            "the server span to end");

        var server = Span(ServerSpan);
        var frontDoor = Span(GranaryInstruments.Spans.FrontDoor);
        var route = Span(GranaryInstruments.Spans.Route);
        var queue = Span(GranaryInstruments.Spans.Queue);
        var run = Span(GranaryInstruments.Spans.OnnxRun);
        AssertChild(server, frontDoor);
        AssertChild(frontDoor, route);
        AssertChild(route, queue);
        AssertChild(queue, run);

        var link = Assert.Single(run.Links);
        var batch = stopped.SingleOrDefault(a => a.SpanId == link.Context.SpanId && a.TraceId == link.Context.TraceId);
        Assert.True(batch is not null, $"the run links to span {link.Context.SpanId}, which is no stopped span");
        Assert.Equal(GranaryInstruments.Spans.Batch, batch.OperationName);
        Assert.Contains(batch.Links, l => l.Context.SpanId == queue.SpanId);
        Assert.True(batch.GetTagItem("granary.batch.size") is int size && size >= 1, "the batch span should carry its size");
    }

    private static void AssertChild(Activity parent, Activity child) =>
        Assert.True(child.ParentSpanId == parent.SpanId, $"{child.OperationName} should be a child of {parent.OperationName} ({parent.SpanId}); its parent is {child.ParentSpanId}");
}
