using Granary.Silo.Errors;
using Grpc.Core;
using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace Granary.Tests.Protocol;

/// <summary>
/// A grain's state write that fails because Redis is down (a Redis restart), or a call cut short by its silo's stop,
/// reaches the caller as UNAVAILABLE with a retry delay, which the client retries, never as INTERNAL, which it must not.
/// </summary>
public sealed class StoreUnavailableErrorTests
{
    [Fact]
    public void A_state_write_to_an_unreachable_redis_is_unavailable_with_a_retry_delay()
    {
        var error = new OrleansException(
            "Error from storage provider RedisGrainStorage.quota during WriteStateAsync",
            new RedisStorageException("Failed to write grain state", new RedisConnectionException(ConnectionFailureType.SocketFailure, "Connection reset by peer")));

        var answer = ErrorTable.Of(error, CancellationToken.None, CancellationToken.None);

        Assert.Equal((StatusCode.Unavailable, 503, "STORE_UNAVAILABLE"), (answer.Grpc, answer.Http, answer.Reason));
        Assert.Equal(TimeSpan.FromSeconds(1), answer.RetryAfter);
    }

    [Fact]
    public void Other_unexpected_failures_stay_internal()
    {
        var answer = ErrorTable.Of(new InvalidOperationException("a bug"), CancellationToken.None, CancellationToken.None);

        Assert.Equal(StatusCode.Internal, answer.Grpc);
    }

    [Fact]
    public void An_unexplained_failure_while_the_silo_stops_is_unavailable_so_the_client_tries_another_silo()
    {
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        var answer = ErrorTable.Of(new ObjectDisposedException("a service the stop released"), CancellationToken.None, stopping.Token);

        Assert.Equal((StatusCode.Unavailable, 503, "SILO_STOPPING"), (answer.Grpc, answer.Http, answer.Reason));
        Assert.Equal(TimeSpan.FromSeconds(1), answer.RetryAfter);
    }
}
