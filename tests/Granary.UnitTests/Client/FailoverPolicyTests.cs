using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Granary.Client.Failover;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using StatusCode = Grpc.Core.StatusCode;

namespace Granary.UnitTests.Client;

public sealed class FailoverPolicyTests
{
    private static readonly RetryBackoff Backoff = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), Multiplier: 2);
    private static readonly EjectionPolicy Ejection = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task An_unanswered_attempt_is_retried_on_another_server_which_is_then_used_while_the_first_is_ejected()
    {
        var policy = Policy(servers: 3, attemptTimeout: null);
        var attempts = new List<int>();

        var answer = await policy.ExecuteAsync((server, _) => Attempt(attempts, server, failOn: 0), Now.AddSeconds(10), idempotent: true, CancellationToken.None);
        var next = await policy.ExecuteAsync((server, _) => Attempt(attempts, server, failOn: 0), Now.AddSeconds(10), idempotent: true, CancellationToken.None);

        Assert.Equal([0, 1, 2], attempts);
        Assert.Equal((1, 2), (answer, next));
        Assert.True(policy.Endpoints.IsEjected(0));
    }

    [Fact]
    public async Task An_attempt_past_the_attempt_timeout_is_retried_elsewhere_and_ejects_its_server()
    {
        var policy = Policy(servers: 2, attemptTimeout: TimeSpan.FromSeconds(1));
        var deadline = Now.AddSeconds(10);
        var attemptDeadlines = new List<DateTime?>();

        var answer = await policy.ExecuteAsync(
            (server, attemptDeadline) =>
            {
                attemptDeadlines.Add(attemptDeadline);
                return server == 0 ? throw new RpcException(new Grpc.Core.Status(StatusCode.DeadlineExceeded, "hung")) : Task.FromResult(server);
            },
            deadline,
            idempotent: true,
            CancellationToken.None);

        Assert.Equal(1, answer);
        Assert.Equal(Now.AddSeconds(1), attemptDeadlines[0]);
        Assert.True(policy.Endpoints.IsEjected(0));
    }

    [Fact]
    public async Task A_deadline_exceeded_at_the_calls_own_deadline_is_the_answer()
    {
        var policy = Policy(servers: 2, attemptTimeout: null);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<RpcException>(() => policy.ExecuteAsync<int>(
            (_, _) =>
            {
                attempts++;
                throw new RpcException(new Grpc.Core.Status(StatusCode.DeadlineExceeded, "late"));
            },
            Now.AddSeconds(10),
            idempotent: true,
            CancellationToken.None));

        Assert.Equal((StatusCode.DeadlineExceeded, 1), (error.StatusCode, attempts));
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument)]
    [InlineData(StatusCode.ResourceExhausted)]
    [InlineData(StatusCode.Unauthenticated)]
    public async Task Other_statuses_are_the_answer_and_eject_nothing(StatusCode status)
    {
        var policy = Policy(servers: 2, attemptTimeout: null);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<RpcException>(() => policy.ExecuteAsync<int>(
            (_, _) =>
            {
                attempts++;
                throw new RpcException(new Grpc.Core.Status(status, "no"));
            },
            Now.AddSeconds(10),
            idempotent: true,
            CancellationToken.None));

        Assert.Equal((status, 1), (error.StatusCode, attempts));
        Assert.False(policy.Endpoints.IsEjected(0));
    }

    [Fact]
    public async Task A_server_asking_to_retry_later_is_waited_for_and_not_ejected()
    {
        var policy = Policy(servers: 2, attemptTimeout: null);
        var attempts = new List<int>();

        var call = policy.ExecuteAsync(
            (server, _) =>
            {
                attempts.Add(server);
                return attempts.Count == 1 ? throw Busy(TimeSpan.FromSeconds(1)) : Task.FromResult(server);
            },
            Now.AddSeconds(10),
            idempotent: true,
            CancellationToken.None);
        Assert.False(call.IsCompleted, "the retry did not wait for the delay the server asked for");
        _time.Advance(TimeSpan.FromSeconds(1));
        await call;

        Assert.Equal([0, 1], attempts);
        Assert.False(policy.Endpoints.IsEjected(0));
    }

    [Fact]
    public async Task No_retry_starts_when_its_wait_would_end_past_the_deadline()
    {
        var policy = Policy(servers: 2, attemptTimeout: null);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<RpcException>(() => policy.ExecuteAsync<int>(
            (_, _) =>
            {
                attempts++;
                throw Busy(TimeSpan.FromSeconds(5));
            },
            Now.AddSeconds(2),
            idempotent: true,
            CancellationToken.None));

        Assert.Equal((StatusCode.Unavailable, 1), (error.StatusCode, attempts));
    }

    [Fact]
    public async Task A_call_is_tried_at_most_one_more_time_than_its_retries()
    {
        var policy = Policy(servers: 3, attemptTimeout: null, maxRetries: 4);
        var attempts = new List<int>();

        await Assert.ThrowsAsync<RpcException>(() => policy.ExecuteAsync((server, _) => Attempt(attempts, server, failOn: -1), Now.AddSeconds(10), idempotent: true, CancellationToken.None));

        Assert.Equal(5, attempts.Count);
        Assert.Equal(3, attempts.Distinct().Count());
    }

    [Fact]
    public async Task A_write_is_not_given_up_on_at_the_attempt_timeout_as_its_server_may_have_done_it()
    {
        var policy = Policy(servers: 2, attemptTimeout: TimeSpan.FromSeconds(1));
        var deadline = Now.AddSeconds(10);
        DateTime? attemptDeadline = null;

        await policy.ExecuteAsync(
            (server, end) =>
            {
                attemptDeadline = end;
                return Task.FromResult(server);
            },
            deadline,
            idempotent: false,
            CancellationToken.None);

        Assert.Equal(deadline, attemptDeadline);
    }

    /// <summary>Backoff draws 0, so a retry without a server delay needs no advance of the fake clock.</summary>
    private FailoverPolicy Policy(int servers, TimeSpan? attemptTimeout, int maxRetries = 3) =>
        new(new EndpointSet(servers, Ejection, _time), Backoff, maxRetries, attemptTimeout, _time, () => 0);

    /// <summary>Fails on <paramref name="failOn"/> (every server when -1) as a dead server does; answers its index otherwise.</summary>
    private static Task<int> Attempt(List<int> attempts, int server, int failOn)
    {
        attempts.Add(server);
        return server == failOn || failOn < 0
            ? throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "connection refused"))
            : Task.FromResult(server);
    }

    private static RpcException Busy(TimeSpan retryAfter) =>
        new Google.Rpc.Status
        {
            Code = (int)StatusCode.Unavailable,
            Message = "replica unreachable",
            Details = { Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }) },
        }.ToRpcException();
}
