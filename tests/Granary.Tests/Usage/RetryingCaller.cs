using Granary.Protocol.Inference;
using Grpc.Core;

namespace Granary.Tests.Usage;

/// <summary>
/// A client that retries a logical call on the next silo with the same idempotency key until it is answered
/// OK or its attempts run out; it counts both outcomes per tenant and model, as a billing reconciliation needs.
/// </summary>
public sealed class RetryingCaller(Func<IReadOnlyList<GRPCInferenceService.GRPCInferenceServiceClient>> entries)
{
    private const int Attempts = 6;
    private static readonly TimeSpan AttemptDeadline = TimeSpan.FromSeconds(5);
    private int _next;

    public int Answered { get; private set; }

    public int FinallyFailed { get; private set; }

    public async Task CallAsync(ModelInferRequest request)
    {
        var idempotencyKey = Guid.NewGuid().ToString("N");
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var live = entries();
            var entry = live[Interlocked.Increment(ref _next) % live.Count];

            // Fresh headers per attempt: the key-adding call invoker appends to the metadata it is given.
            var headers = new Metadata { { "idempotency-key", idempotencyKey } };
            try
            {
                await entry.ModelInferAsync(request, headers, DateTime.UtcNow + AttemptDeadline);
                Answered++;
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Cancelled)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), CancellationToken.None);
            }
        }

        FinallyFailed++;
    }
}
