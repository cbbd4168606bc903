using System.Collections.Concurrent;

namespace Granary.Telemetry;

/// <summary>
/// Keeps the <c>tenant</c> label bounded. The first <see cref="Capacity"/> tenants this silo serves keep their own
/// label for the life of the process; every tenant after them is counted as <see cref="Other"/>. A tenant never
/// moves between its own series and <c>other</c>, so every counter stays monotonic. With 10,000 tenants and the
/// default cap of 100, a silo exports at most 101 tenant values per instrument; exact per-tenant figures for all
/// of them are in the usage ledger.
/// </summary>
public sealed class TenantLabels(int capacity)
{
    public const string Other = "other";

    /// <summary>The label of an admin key's requests, which have no tenant.</summary>
    public const string Admin = "admin";

    private readonly ConcurrentDictionary<string, string> _labels = new(StringComparer.Ordinal);
    private int _count;

    public int Capacity { get; } = capacity;

    /// <summary>The tenant's label: its id while there is room, <see cref="Other"/> once the cap is reached.</summary>
    public string Of(string tenantId)
    {
        if (tenantId.Length == 0)
        {
            return Admin;
        }

        if (_labels.TryGetValue(tenantId, out var label))
        {
            return label;
        }

        if (Volatile.Read(ref _count) >= Capacity)
        {
            return Other;
        }

        return _labels.GetOrAdd(tenantId, static (id, labels) => Interlocked.Increment(ref labels._count) <= labels.Capacity ? id : Other, this);
    }
}
