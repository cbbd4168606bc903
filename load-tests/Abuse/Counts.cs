using Grpc.Core;

namespace Granary.LoadTests.Abuse;

/// <summary>How the silo answered the bad-key calls.</summary>
public sealed class Counts
{
    private long _unauthenticated;
    private long _throttled;
    private long _other;

    public long Unauthenticated => Interlocked.Read(ref _unauthenticated);

    public long Throttled => Interlocked.Read(ref _throttled);

    public async Task CountAsync(Task call)
    {
        try
        {
            await call;
            Interlocked.Increment(ref _other);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            Interlocked.Increment(ref _unauthenticated);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            Interlocked.Increment(ref _throttled);
        }
        catch (RpcException)
        {
            Interlocked.Increment(ref _other);
        }
    }

    public override string ToString() => $"{Unauthenticated:N0} UNAUTHENTICATED, {Throttled:N0} RESOURCE_EXHAUSTED, {Interlocked.Read(ref _other):N0} other";
}
