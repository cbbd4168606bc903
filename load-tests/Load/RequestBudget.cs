namespace Granary.LoadTests.Load;

/// <summary>The most requests one phase may send, shared by all its callers.</summary>
public sealed class RequestBudget(long maxRequests)
{
    private long _left = maxRequests;

    public bool TryTake() => Interlocked.Decrement(ref _left) >= 0;
}
