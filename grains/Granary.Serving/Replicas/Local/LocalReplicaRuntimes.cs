using Granary.Replicas.Runtime;

using System.Collections.Concurrent;

namespace Granary.Replicas.Local;

/// <summary>
/// The loaded replica runtimes of this silo's replica activations. The router hands a request straight to a
/// local replica's runtime, with no grain call between gRPC and the batching queue; a replica on another
/// silo is still reached through its grain. A replica registers once loaded and leaves before it unloads.
/// </summary>
public sealed class LocalReplicaRuntimes
{
    private readonly ConcurrentDictionary<string, ReplicaRuntime> _runtimes = new(StringComparer.Ordinal);

    public void Add(string replicaId, ReplicaRuntime runtime) => _runtimes[replicaId] = runtime;

    public void Remove(string replicaId) => _runtimes.TryRemove(replicaId, out _);

    /// <summary>Every loaded runtime of this silo by replica id, as of now.</summary>
    public IEnumerable<KeyValuePair<string, ReplicaRuntime>> All() => _runtimes;

    public bool TryGet(string replicaId, out ReplicaRuntime runtime) => _runtimes.TryGetValue(replicaId, out runtime!);
}
