namespace Granary.Usage;

/// <summary>
/// The front door's metering port: called once at the end of every authenticated request. Returns once the
/// record is in the silo's local log (written, not fsynced), so a SIGKILL after the answer loses nothing.
/// </summary>
public interface IUsageRecorder
{
    /// <summary>This silo's name, which every record carries.</summary>
    string Silo { get; }

    ValueTask RecordAsync(UsageRecord record);

    /// <summary>Counts a refusal that has no tenant (the key was not accepted): per reason, on this silo only.</summary>
    void CountUnattributed(string status);
}
