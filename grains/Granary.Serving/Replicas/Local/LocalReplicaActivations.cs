using System.Collections.Concurrent;

namespace Granary.Replicas.Local;

/// <summary>The replica activations alive on this silo, so a device can release memory held for replicas that died.</summary>
public sealed class LocalReplicaActivations
{
    private readonly ConcurrentDictionary<string, byte> _active = new(StringComparer.Ordinal);

    public void Add(string replicaId) => _active[replicaId] = 0;

    public void Remove(string replicaId) => _active.TryRemove(replicaId, out _);

    /// <summary>The ids of every replica activation on this silo, as of now.</summary>
    public IEnumerable<string> All() => _active.Keys;

    public bool Contains(string replicaId) => _active.ContainsKey(replicaId);
}
