using System.Diagnostics.Metrics;
using Granary.Replicas;
using Granary.Replicas.Local;
using L = Granary.Telemetry.GranaryInstruments.Labels;

namespace Granary.Telemetry;

/// <summary>
/// The replicas of this silo: batch sizes as they run, and, read at each scrape, the replicas per model, version
/// and state (loading or ready), and their calls in flight and queued. Summed over silos they give the cluster's.
/// </summary>
public sealed class ReplicaInstruments
{
    private readonly Histogram<int> _batchSize;
    private readonly LocalReplicaRuntimes _runtimes;
    private readonly LocalReplicaActivations _activations;

    public ReplicaInstruments(IMeterFactory meters, LocalReplicaRuntimes runtimes, LocalReplicaActivations activations)
    {
        _runtimes = runtimes;
        _activations = activations;
        var meter = meters.Create(GranaryInstruments.MeterName);
        _batchSize = meter.CreateHistogram(
            GranaryInstruments.BatchSize,
            "{request}",
            "Requests per executed batch",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [.. GranaryInstruments.BatchSizeBuckets.Select(b => (int)b)] });
        meter.CreateObservableUpDownCounter(GranaryInstruments.RequestsInFlight, () => Observe(static r => r.InFlight), "{request}", "Calls in this silo's replicas, queued or running");
        meter.CreateObservableUpDownCounter(GranaryInstruments.QueueDepth, () => Observe(static r => r.QueueLength), "{request}", "Calls waiting in this silo's replica queues");
        meter.CreateObservableUpDownCounter(GranaryInstruments.Replicas, ObserveReplicas, "{replica}", "Replicas on this silo by model, version and state");
    }

    /// <summary>The model and version tags of one replica's batches, built once per replica.</summary>
    public static KeyValuePair<string, object?>[] TagsOf(string model, long version) =>
        [new(L.Model, model), new(L.Version, VersionLabels.Of(version))];

    public void OnBatchExecuted(int requests, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _batchSize.Record(requests, tags);

    private IEnumerable<Measurement<int>> Observe(Func<Replicas.Runtime.ReplicaRuntime, int> value)
    {
        var sums = new Dictionary<(string, long), int>();
        foreach (var (id, runtime) in _runtimes.All())
        {
            var key = ReplicaKey.Parse(id);
            sums[(key.Model, key.Version)] = sums.GetValueOrDefault((key.Model, key.Version)) + value(runtime);
        }

        return sums.Select(s => new Measurement<int>(s.Value, new(L.Model, s.Key.Item1), new(L.Version, VersionLabels.Of(s.Key.Item2))));
    }

    private IEnumerable<Measurement<int>> ObserveReplicas()
    {
        var counts = new Dictionary<(string, long, string), int>();
        foreach (var id in _activations.All())
        {
            var key = ReplicaKey.Parse(id);
            var state = _runtimes.TryGet(id, out _) ? "ready" : "loading";
            counts[(key.Model, key.Version, state)] = counts.GetValueOrDefault((key.Model, key.Version, state)) + 1;
        }

        return counts.Select(c => new Measurement<int>(
            c.Value, new(L.Model, c.Key.Item1), new(L.Version, VersionLabels.Of(c.Key.Item2)), new(L.State, c.Key.Item3)));
    }
}
