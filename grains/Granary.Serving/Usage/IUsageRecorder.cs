namespace Granary.Usage;

/// <summary>
/// The front door's metering port: called once at the end of every authenticated request. Returns once the
/// record is in the silo's local log (written, not fsynced), so a SIGKILL after the answer loses nothing.
/// </summary>
public interface IUsageRecorder
{
    ValueTask RecordAsync(UsageRecord record);
}
