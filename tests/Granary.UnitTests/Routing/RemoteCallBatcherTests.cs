using Granary.Inference;
using Granary.Routing;
using Microsoft.Extensions.Time.Testing;

namespace Granary.UnitTests.Routing;

public sealed class RemoteCallBatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new();
    private readonly List<(InferenceRequest[] Requests, TaskCompletionSource<InferenceResult[]> Answer)> _calls = [];
    private readonly List<CancellationToken> _tokens = [];

    [Fact]
    public void A_request_with_no_call_in_flight_leaves_at_once_in_a_call_of_its_own()
    {
        var batcher = Batcher(callsInFlight: 2);

        _ = batcher.InferAsync(Request("a"), Timeout, CancellationToken.None);

        var call = Assert.Single(_calls);
        Assert.Equal(["a"], Ids(call.Requests));
        Assert.Equal(0, batcher.WaitingCount);
    }

    [Fact]
    public async Task Requests_that_wait_behind_the_calls_in_flight_leave_together_in_the_next_call()
    {
        var batcher = Batcher(callsInFlight: 1);
        var first = batcher.InferAsync(Request("a"), Timeout, CancellationToken.None);
        var waiting = new[] { "b", "c", "d" }.Select(id => batcher.InferAsync(Request(id), Timeout, CancellationToken.None)).ToArray();
        Assert.Single(_calls);
        Assert.Equal(3, batcher.WaitingCount);

        Answer(0);
        await first;

        Assert.Equal(2, _calls.Count);
        Assert.Equal(["b", "c", "d"], Ids(_calls[1].Requests));
        Answer(1);
        Assert.Equal(["b", "c", "d"], (await Task.WhenAll(waiting)).Select(r => r.ReplicaId));
    }

    [Fact]
    public async Task A_call_carries_at_most_the_requests_per_call()
    {
        var batcher = Batcher(callsInFlight: 1, requestsPerCall: 2);
        _ = batcher.InferAsync(Request("a"), Timeout, CancellationToken.None);
        var waiting = new[] { "b", "c", "d" }.Select(id => batcher.InferAsync(Request(id), Timeout, CancellationToken.None)).ToArray();

        Answer(0);
        Assert.Equal(["b", "c"], Ids(_calls[1].Requests));
        Answer(1);
        Assert.Equal(["d"], Ids(_calls[2].Requests));
        Answer(2);

        await Task.WhenAll(waiting);
    }

    [Fact]
    public async Task Each_request_answers_for_itself_and_a_failed_call_fails_all_it_carried()
    {
        var batcher = Batcher(callsInFlight: 1);
        var first = batcher.InferAsync(Request("a"), Timeout, CancellationToken.None);
        var good = batcher.InferAsync(Request("b"), Timeout, CancellationToken.None);
        var bad = batcher.InferAsync(Request("c"), Timeout, CancellationToken.None);
        _calls[0].Answer.SetException(new SiloUnavailableException("gone"));
        await Assert.ThrowsAsync<SiloUnavailableException>(() => first);

        _calls[1].Answer.SetResult([new InferenceResult(Response("b"), null), new InferenceResult(null, new ReplicaOverloadedException("full", TimeSpan.Zero))]);

        Assert.Equal("b", (await good).ReplicaId);
        await Assert.ThrowsAsync<ReplicaOverloadedException>(() => bad);
    }

    [Fact]
    public async Task A_request_withdrawn_while_it_waits_is_not_sent()
    {
        var batcher = Batcher(callsInFlight: 1);
        _ = batcher.InferAsync(Request("a"), Timeout, CancellationToken.None);
        using var withdrawn = new CancellationTokenSource();
        var given = batcher.InferAsync(Request("b"), Timeout, withdrawn.Token);
        var kept = batcher.InferAsync(Request("c"), Timeout, CancellationToken.None);

        await withdrawn.CancelAsync();
        Answer(0);

        Assert.Equal(["c"], Ids(_calls[1].Requests));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given);
        Answer(1);
        Assert.Equal("c", (await kept).ReplicaId);
    }

    [Fact]
    public void A_call_may_run_on_the_far_side_as_long_as_its_most_patient_request_waits()
    {
        var batcher = Batcher(callsInFlight: 1);
        _ = batcher.InferAsync(Request("a"), TimeSpan.FromSeconds(1), CancellationToken.None);
        _ = batcher.InferAsync(Request("b"), TimeSpan.FromSeconds(1), CancellationToken.None);
        _ = batcher.InferAsync(Request("c"), TimeSpan.FromSeconds(3), CancellationToken.None);

        Answer(0);
        var token = _tokens[1];
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(token.IsCancellationRequested);
        _time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.True(token.IsCancellationRequested);
    }

    private RemoteCallBatcher Batcher(int callsInFlight, int requestsPerCall = 64) =>
        new(
            (requests, token) =>
            {
                // Continuations run inline, so the batcher has sent its next call by the time a test answers one.
                var answer = new TaskCompletionSource<InferenceResult[]>();
                _calls.Add((requests, answer));
                _tokens.Add(token);
                return answer.Task;
            },
            callsInFlight,
            requestsPerCall,
            _time);

    /// <summary>Answers call <paramref name="index"/> with a response per request, each naming its request's model as its replica.</summary>
    private void Answer(int index) =>
        _calls[index].Answer.SetResult([.. _calls[index].Requests.Select(r => new InferenceResult(Response(r.Model), null))]);

    private static InferenceRequest Request(string id) => new(id, 1, [], [], null);

    private static InferenceResponse Response(string replicaId) => new([], replicaId);

    private static string[] Ids(InferenceRequest[] requests) => [.. requests.Select(r => r.Model)];
}
