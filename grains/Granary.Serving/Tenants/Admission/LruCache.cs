namespace Granary.Tenants.Admission;

/// <summary>
/// A map that holds at most <see cref="Capacity"/> entries, each for at most <c>timeToLive</c>: adding to a
/// full cache drops the least recently used entry, and an expired entry reads as absent. It bounds what a
/// flood of distinct keys or addresses can make a silo remember. Thread-safe, under one lock: every
/// operation is a few pointer moves.
/// </summary>
public sealed class LruCache<TKey, TValue>(int capacity, TimeSpan timeToLive, TimeProvider time)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _index = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly long _ttlTicks = timeToLive == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)(timeToLive.TotalSeconds * time.TimestampFrequency);

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");

    public int Count
    {
        get
        {
            lock (_index)
            {
                return _index.Count;
            }
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_index)
        {
            if (_index.TryGetValue(key, out var node))
            {
                if (!Expired(node.Value))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }

                Drop(node);
            }

            value = default!;
            return false;
        }
    }

    /// <summary>Adds or replaces <paramref name="key"/>'s value, as the most recently used, with a fresh lifetime.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_index)
        {
            if (_index.TryGetValue(key, out var old))
            {
                Drop(old);
            }
            else if (_index.Count >= Capacity)
            {
                Drop(_recency.Last!);
            }

            _index[key] = _recency.AddFirst(new Entry(key, value, time.GetTimestamp()));
        }
    }

    public bool Remove(TKey key)
    {
        lock (_index)
        {
            if (!_index.TryGetValue(key, out var node))
            {
                return false;
            }

            Drop(node);
            return true;
        }
    }

    private bool Expired(Entry entry) => _ttlTicks != long.MaxValue && time.GetTimestamp() - entry.AddedAt >= _ttlTicks;

    private void Drop(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _index.Remove(node.Value.Key);
    }

    private readonly record struct Entry(TKey Key, TValue Value, long AddedAt);
}
