using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using L = Granary.Telemetry.GranaryInstruments.Labels;

namespace Granary.Telemetry;

/// <summary>
/// The front door's metrics: every inference by model, version, tenant and status, its latency, the queue and
/// compute time of served ones, quota refusals and billed units. Tags are built on the stack from cached strings,
/// so recording allocates nothing.
/// </summary>
public sealed class RequestInstruments
{
    /// <summary>The model label of a request that never reached a model (unknown name, refused key).</summary>
    public const string Unresolved = "unresolved";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _queue;
    private readonly Histogram<double> _compute;
    private readonly Counter<long> _quotaRefusals;
    private readonly Counter<long> _billedUnits;

    public RequestInstruments(IMeterFactory meters, IOptions<TelemetryOptions> options)
    {
        Tenants = new TenantLabels(options.Value.MaxTenantLabels);
        var meter = meters.Create(GranaryInstruments.MeterName);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = GranaryInstruments.DurationBuckets };
        _requests = meter.CreateCounter<long>(GranaryInstruments.Requests, "{request}", "Inference requests by model, version, tenant and status");
        _duration = meter.CreateHistogram(GranaryInstruments.RequestDuration, "s", "Inference latency in the front door, from authentication to the answer", advice: seconds);
        _queue = meter.CreateHistogram(GranaryInstruments.QueueDuration, "s", "Time a served request waited in its replica's batching queue", advice: seconds);
        _compute = meter.CreateHistogram(GranaryInstruments.ComputeDuration, "s", "Time the batch a served request ran in took to stack, run and split", advice: seconds);
        _quotaRefusals = meter.CreateCounter<long>(GranaryInstruments.QuotaRefusals, "{request}", "Requests refused by a tenant's quota, by limit");
        _billedUnits = meter.CreateCounter<long>(GranaryInstruments.BilledUnits, "{unit}", "Units billed to tenants (OK answers), by model and direction (in, out)");
    }

    public TenantLabels Tenants { get; }

    /// <summary>A request ended, served or not: counted, and its latency recorded.</summary>
    public void OnCompleted(string tenantId, string model, long version, string status, TimeSpan elapsed)
    {
        var tenant = Tenants.Of(tenantId);
        var modelLabel = version > 0 ? model : Unresolved;
        var versionLabel = version > 0 ? VersionLabels.Of(version) : "";
        var counted = new TagList
        {
            { L.Model, modelLabel },
            { L.Version, versionLabel },
            { L.Tenant, tenant },
            { L.Status, status },
        };
        _requests.Add(1, counted);
        _duration.Record(elapsed.TotalSeconds, new TagList
        {
            { L.Model, modelLabel },
            { L.Version, versionLabel },
            { L.Tenant, tenant },
        });
    }

    /// <summary>A served request's time in the queue and in compute, as its replica measured them.</summary>
    public void OnServed(string model, long version, long queueMicroseconds, long computeMicroseconds)
    {
        var tags = new TagList { { L.Model, model }, { L.Version, VersionLabels.Of(version) } };
        _queue.Record(queueMicroseconds / 1e6, tags);
        _compute.Record(computeMicroseconds / 1e6, tags);
    }

    public void OnBilled(string tenantId, string model, long unitsIn, long unitsOut)
    {
        var tenant = Tenants.Of(tenantId);
        _billedUnits.Add(unitsIn, new TagList { { L.Tenant, tenant }, { L.Model, model }, { L.Direction, "in" } });
        _billedUnits.Add(unitsOut, new TagList { { L.Tenant, tenant }, { L.Model, model }, { L.Direction, "out" } });
    }

    public void OnQuotaRefused(string tenantId, string limit) =>
        _quotaRefusals.Add(1, new TagList { { L.Tenant, Tenants.Of(tenantId) }, { L.Limit, limit } });
}
