using Granary.Usage;

namespace Granary.UnitTests.FrontDoor;

/// <summary>The front door's metering port, keeping what it was given.</summary>
public sealed class FakeUsage : IUsageRecorder
{
    public string Silo => "silo-1";

    public List<UsageRecord> Records { get; } = [];

    public List<string> Unattributed { get; } = [];

    public ValueTask RecordAsync(UsageRecord record)
    {
        Records.Add(record);
        return ValueTask.CompletedTask;
    }

    public void CountUnattributed(string status) => Unattributed.Add(status);
}
