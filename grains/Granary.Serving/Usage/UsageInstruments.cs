using System.Diagnostics.Metrics;
using Granary.Telemetry;

namespace Granary.Usage;

/// <summary>The ledger's metrics: refusals that no tenant can be billed or credited for, per reason.</summary>
public sealed class UsageInstruments
{
    private readonly Counter<long> _unattributed;

    public UsageInstruments(IMeterFactory meters)
    {
        _unattributed = meters.Create(GranaryInstruments.MeterName)
            .CreateCounter<long>(GranaryInstruments.UnattributedRefusals, "{request}", "Requests refused before a tenant was known, by status");
    }

    public void OnUnattributedRefusal(string status) => _unattributed.Add(1, new KeyValuePair<string, object?>(GranaryInstruments.Labels.Status, status));
}
