using Google.Rpc;
using Grpc.Core;

namespace Granary.Client.Failover;

/// <summary>
/// Runs one logical call as attempts on the servers of an <see cref="EndpointSet"/>. An attempt that got no answer
/// (UNAVAILABLE from the transport: refused, reset, draining) or none within the attempt timeout (a hung server)
/// ejects its server and is tried again on another. A server's own UNAVAILABLE with RetryInfo is retried too, after
/// at least the delay it asks for, without ejecting it: it answered. Every retry waits a jittered exponential backoff
/// and none starts past the call's deadline; other statuses are the caller's answer and are never retried.
/// </summary>
internal sealed class FailoverPolicy(EndpointSet endpoints, RetryBackoff backoff, int maxRetries, TimeSpan? attemptTimeout, TimeProvider time, Func<double> random)
{
    public EndpointSet Endpoints => endpoints;

    /// <param name="attempt">Sends the call to the server of that index with that deadline.</param>
    /// <param name="idempotent">
    /// Whether doing the call twice does no harm (reads, and inference with its idempotency key). Only such a call
    /// is given up on at the attempt timeout: a write whose server is merely slow may have been done.
    /// </param>
    public async Task<T> ExecuteAsync<T>(Func<int, DateTime?, Task<T>> attempt, DateTime? deadline, bool idempotent, CancellationToken cancellationToken)
    {
        var tried = new List<int>(capacity: 2);
        for (var retry = 0; ; retry++)
        {
            var endpoint = endpoints.Pick(tried);
            tried.Add(endpoint);
            var attemptDeadline = idempotent ? AttemptDeadline(deadline) : deadline;
            try
            {
                var result = await attempt(endpoint, attemptDeadline).ConfigureAwait(false);
                endpoints.Succeeded(endpoint);
                return result;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                var failure = Classify(e, attemptDeadline, deadline);
                if (failure == Failure.NoAnswer)
                {
                    endpoints.Failed(endpoint);
                }
                else
                {
                    // It answered, if only to refuse: it is up.
                    endpoints.Succeeded(endpoint);
                }

                if (failure == Failure.Final || !CanRetry(e, retry, deadline, out var delay))
                {
                    throw;
                }

                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                endpoints.Released(endpoint);
                throw;
            }
        }
    }

    private enum Failure
    {
        /// <summary>The server's answer to the call: returned as it is.</summary>
        Final,

        /// <summary>The server answered that it cannot serve now and asked for a retry later.</summary>
        Busy,

        /// <summary>No answer came from the server: it is gone, draining or hung.</summary>
        NoAnswer,
    }

    private Failure Classify(RpcException error, DateTime? attemptDeadline, DateTime? deadline) => error.StatusCode switch
    {
        StatusCode.Unavailable => ServerDelay(error) is null ? Failure.NoAnswer : Failure.Busy,
        StatusCode.DeadlineExceeded when attemptDeadline < deadline || (deadline is null && attemptDeadline is not null) => Failure.NoAnswer,
        _ => Failure.Final,
    };

    private bool CanRetry(RpcException error, int retry, DateTime? deadline, out TimeSpan delay)
    {
        delay = backoff.Delay(retry, random());
        if (ServerDelay(error) is { } requested && requested > delay)
        {
            delay = requested;
        }

        return retry < maxRetries && (deadline is not { } end || Now + delay < end);
    }

    private DateTime? AttemptDeadline(DateTime? deadline)
    {
        if (attemptTimeout is not { } timeout)
        {
            return deadline;
        }

        var end = Now + timeout;
        return deadline is { } callEnd && callEnd < end ? callEnd : end;
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private static TimeSpan? ServerDelay(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();
}
