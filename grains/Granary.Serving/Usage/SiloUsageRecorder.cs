namespace Granary.Usage;

/// <summary>The front door's metering on a silo: records go to the silo's usage log, unattributed refusals to a metric.</summary>
public sealed class SiloUsageRecorder(UsageLog log, UsageInstruments instruments) : IUsageRecorder
{
    public string Silo => log.Silo;

    public ValueTask RecordAsync(UsageRecord record) => log.RecordAsync(record);

    public void CountUnattributed(string status) => instruments.OnUnattributedRefusal(status);
}
