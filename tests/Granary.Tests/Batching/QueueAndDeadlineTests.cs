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
        var ahead = Enumerable.Range(0, 6)
            .Select(_ => silo.Inference.ModelInferAsync(Requests.RawFp32(TestModels.SlowMlp, "input", Input, Rows, 256)).ResponseAsync)
            .ToArray();

        var late = Assertions.FailsWith(StatusCode.DeadlineExceeded, () => silo.Inference.ModelInferAsync(
            Requests.RawFp32(TestModels.SlowMlp, "input", Input, Rows, 256), deadline: DateTime.UtcNow.AddMilliseconds(30)).ResponseAsync);
        await late;
        await Task.WhenAll(ahead);

        var after = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        Assert.Equal(6ul, after.ExecutionCount - before.ExecutionCount);
        Assert.Equal((ulong)(6 * Rows), after.InferenceCount - before.InferenceCount);
    }

    [Fact]
    public async Task A_cancelled_request_leaves_the_queue_without_running()
    {
        var before = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        var ahead = Enumerable.Range(0, 6)
            .Select(_ => silo.Inference.ModelInferAsync(Requests.RawFp32(TestModels.SlowMlp, "input", Input, Rows, 256)).ResponseAsync)
            .ToArray();
        using var cancel = new CancellationTokenSource();

        var cancelled = Assertions.FailsWith(StatusCode.Cancelled, () => silo.Inference.ModelInferAsync(
            Requests.RawFp32(TestModels.SlowMlp, "input", Input, Rows, 256), cancellationToken: cancel.Token).ResponseAsync);
        // Give the call time to reach the replica queue behind the six ahead of it, so the cancellation removes it there.
        await Task.Delay(20);
        await cancel.CancelAsync();
        await cancelled;
        await Task.WhenAll(ahead);

        var after = await Statistics.ReadAsync(silo, TestModels.SlowMlp);
        Assert.Equal(6ul, after.ExecutionCount - before.ExecutionCount);
    }
}
