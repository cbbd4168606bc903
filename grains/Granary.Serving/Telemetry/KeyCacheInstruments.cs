using System.Diagnostics.Metrics;

namespace Granary.Telemetry;

/// <summary>The API key cache of the silo: lookups it answered (hit) and those that asked the key's grain (miss).</summary>
public sealed class KeyCacheInstruments
{
    private static readonly KeyValuePair<string, object?> Hit = new(GranaryInstruments.Labels.LookupOutcome, "hit");
    private static readonly KeyValuePair<string, object?> Miss = new(GranaryInstruments.Labels.LookupOutcome, "miss");

    private readonly Counter<long> _lookups;

    public KeyCacheInstruments(IMeterFactory meters)
    {
        _lookups = meters.Create(GranaryInstruments.MeterName)
            .CreateCounter<long>(GranaryInstruments.KeyCacheLookups, "{lookup}", "API key lookups by the silo's key cache, by result (hit, miss)");
    }

    public void OnLookup(bool hit) => _lookups.Add(1, hit ? Hit : Miss);
}
