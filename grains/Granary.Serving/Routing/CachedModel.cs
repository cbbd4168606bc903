using Granary.Models;

namespace Granary.Routing;

/// <summary>A descriptor fetch and when its answer goes stale; never stale while the fetch is in flight.</summary>
internal sealed class CachedModel(long startedAt)
{
    private readonly TaskCompletionSource<ModelDescriptor?> _descriptor = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _expiresAt = long.MaxValue;

    public long StartedAt { get; } = startedAt;

    public Task<ModelDescriptor?> Descriptor => _descriptor.Task;

    public bool IsStale(long now) => now >= Volatile.Read(ref _expiresAt);

    public void Complete(ModelDescriptor? descriptor, TimeProvider time, TimeSpan freshness)
    {
        Volatile.Write(ref _expiresAt, time.GetTimestamp() + (long)(freshness.TotalSeconds * time.TimestampFrequency));
        _descriptor.TrySetResult(descriptor);
    }

    public void Fail(Exception error) => _descriptor.TrySetException(error);
}
