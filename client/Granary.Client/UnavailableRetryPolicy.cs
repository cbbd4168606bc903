using Google.Rpc;
using Grpc.Core;

namespace Granary.Client;

/// <summary>
/// Retries a call that failed with UNAVAILABLE, the status gRPC keeps for transient failures worth retrying, waiting
/// twice as long before each retry and at least as long as the server's RetryInfo asks. It never retries past the
/// call's deadline: when the next wait would end after it, the last failure is thrown.
/// </summary>
internal sealed class UnavailableRetryPolicy(int maxRetries, TimeSpan initialBackoff)
{
    public async Task<T> ExecuteAsync<T>(Func<Task<T>> attempt, DateTime? deadline, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (RpcException e) when (ShouldRetry(e, retry, deadline, out var delay))
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private bool ShouldRetry(RpcException error, int retry, DateTime? deadline, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (error.StatusCode != StatusCode.Unavailable || retry >= maxRetries)
        {
            return false;
        }

        delay = initialBackoff * Math.Pow(2, retry);
        if (ServerDelay(error) is { } requested && requested > delay)
        {
            delay = requested;
        }

        return deadline is not { } end || DateTime.UtcNow + delay < end;
    }

    private static TimeSpan? ServerDelay(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();
}
