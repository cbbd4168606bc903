using System.Diagnostics.Metrics;

namespace Granary.Usage;

/// <summary>The ledger's metrics: refusals that no tenant can be billed or credited for, per reason.</summary>
public sealed class UsageInstruments
{
    public const string MeterName = "Granary";
    public const string UnattributedRefusals = "granary.usage.unattributed_refusals";

    private readonly Counter<long> _unattributed;

    public UsageInstruments(IMeterFactory meters)
    {
        _unattributed = meters.Create(MeterName).CreateCounter<long>(UnattributedRefusals, "{request}", "Requests refused before a tenant was known, by status");
    }

    public void OnUnattributedRefusal(string status) => _unattributed.Add(1, new KeyValuePair<string, object?>("status", status));
}
