using Google.Rpc;
using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Batching;

[Collection(SiloCollection.Name)]
public sealed class QueueAndDeadlineTests(SiloFixture silo)
{
    private const int Rows = 128;

    private static float[] Input => new float[Rows * 256];

    [Fact]
    public async Task A_full_queue_answers_resource_exhausted_with_retry_info_and_the_rest_are_served()
    {
        var calls = Enumerable.Range(0, 24)
            .Select(_ => silo.Inference.ModelInferAsync(Requests.RawFp32(TestModels.TinyQueueMlp, "input", Input, Rows, 256)).ResponseAsync)
            .ToArray();
        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call;
                return (Code: StatusCode.OK, Retry: (RetryInfo?)null);
            }
            catch (RpcException e)
            {
                return (Code: e.StatusCode, Retry: e.GetRpcStatus()?.GetDetail<RetryInfo>());
            }
        }));

        var rejected = outcomes.Where(o => o.Code == StatusCode.ResourceExhausted).ToArray();
        Assert.True(rejected.Length > 0, "24 simultaneous calls against a queue of 2 should overflow it");
        Assert.All(rejected, r => Assert.NotNull(r.Retry));
        Assert.All(outcomes, o => Assert.True(o.Code is StatusCode.OK or StatusCode.ResourceExhausted, $"unexpected {o.Code}"));
        Assert.Contains(outcomes, o => o.Code == StatusCode.OK);
    }

    [Fact]
    public async Task A_request_whose_deadline_passes_in_the_queue_is_dropped_before_it_runs()
    {
        var before = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        var (ahead, fewRuns) = await QueueBehindOneFinishedRunAsync();

        await Assertions.FailsWith(StatusCode.DeadlineExceeded, () => silo.Inference.ModelInferAsync(
            Requests.RawFp32(TestModels.SlowMlp, "input", Input, Rows, 256), deadline: DateTime.UtcNow + fewRuns).ResponseAsync);
        await Task.WhenAll(ahead);

        var after = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        Assert.Equal((ulong)ahead.Length, after.ExecutionCount - before.ExecutionCount);
        Assert.Equal((ulong)(ahead.Length * Rows), after.InferenceCount - before.InferenceCount);
    }

    [Fact]
    public async Task A_cancelled_request_leaves_the_queue_without_running()
    {
        var before = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        var (ahead, fewRuns) = await QueueBehindOneFinishedRunAsync();
        using var cancel = new CancellationTokenSource(fewRuns);

        await Assertions.FailsWith(StatusCode.Cancelled, () => silo.Inference.ModelInferAsync(
            Requests.RawFp32(TestModels.SlowMlp, "input", Input, Rows, 256), cancellationToken: cancel.Token).ResponseAsync);
        await Task.WhenAll(ahead);

        var after = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        Assert.Equal((ulong)ahead.Length, after.ExecutionCount - before.ExecutionCount);
    }

    /// <summary>
    /// Sends a backlog to the one-at-a-time model and waits for its first call to finish, so the rest are queued
    /// and <see cref="AheadCount"/> - 1 runs stand in front of the next caller. Returns the backlog and a wait of
    /// a few runs' compute time as the server measured it: far shorter than the backlog on any machine.
    /// </summary>
    private async Task<(Task[] Ahead, TimeSpan FewRuns)> QueueBehindOneFinishedRunAsync()
    {
        var before = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        var ahead = Enumerable.Range(0, AheadCount)
            .Select(_ => (Task)silo.Inference.ModelInferAsync(Requests.RawFp32(TestModels.SlowMlp, "input", Input, Rows, 256)).ResponseAsync)
            .ToArray();
        await Task.WhenAny(ahead);
        var after = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        var runs = after.InferenceStats.ComputeInfer.Count - before.InferenceStats.ComputeInfer.Count;
        var nanoseconds = after.InferenceStats.ComputeInfer.Ns - before.InferenceStats.ComputeInfer.Ns;
        var oneRun = TimeSpan.FromTicks((long)(nanoseconds / Math.Max(runs, 1) / 100));
        // A first run in a cold process can be slow; the backlog is measured in ordinary runs, so cap the wait.
        var fewRuns = oneRun * 3;
        return (ahead, fewRuns < MinimumWait ? MinimumWait : fewRuns > MaximumWait ? MaximumWait : fewRuns);
    }

    // Orleans delivers a call's cancellation to the replica asynchronously (a message to the target silo's
    // cancellation manager, then to the activation), and the first one in a process takes tens of milliseconds;
    // the backlog behind which the cancelled call waits must last far longer than that.
    private const int AheadCount = 64;

    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan MaximumWait = TimeSpan.FromMilliseconds(30);
}
