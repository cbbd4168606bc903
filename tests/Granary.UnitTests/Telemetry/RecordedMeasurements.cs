using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Granary.UnitTests.Telemetry;

/// <summary>Listens to one instrument of one meter factory and keeps every long measurement with its tags.</summary>
public sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();

    public RecordedMeasurements(IMeterFactory factory, string instrument)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Name == instrument && ReferenceEquals(published.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            All.Add((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? ""))));
        _listener.Start();
    }

    public ConcurrentBag<(long Value, Dictionary<string, string> Tags)> All { get; } = [];

    public void Dispose() => _listener.Dispose();
}
