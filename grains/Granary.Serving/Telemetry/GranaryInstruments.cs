namespace Granary.Telemetry;

/// <summary>
/// Every metric and span name of Granary, in one place. Names follow the OpenTelemetry conventions (dotted,
/// with the unit given apart); the Prometheus exporter turns <c>granary.requests</c> (unit <c>{request}</c>) into
/// <c>granary_requests_total</c>, a unit of <c>s</c> into the suffix <c>_seconds</c> and <c>By</c> into <c>_bytes</c>.
/// </summary>
public static class GranaryInstruments
{
    /// <summary>The one meter every Granary instrument comes from.</summary>
    public const string MeterName = "Granary";

    /// <summary>The one activity source every Granary span comes from.</summary>
    public const string ActivitySourceName = "Granary";

    public const string Requests = "granary.requests";
    public const string RequestDuration = "granary.request.duration";
    public const string QueueDuration = "granary.queue.duration";
    public const string ComputeDuration = "granary.compute.duration";
    public const string BatchSize = "granary.batch.size";
    public const string RequestsInFlight = "granary.requests.in_flight";
    public const string QueueDepth = "granary.queue.depth";
    public const string Replicas = "granary.replicas";
    public const string DeviceMemoryReserved = "granary.device.memory.reserved";
    public const string DeviceMemoryTotal = "granary.device.memory.total";
    public const string DeviceUtilization = "granary.device.utilization";
    public const string QuotaRefusals = "granary.quota.refusals";
    public const string BilledUnits = "granary.billed_units";
    public const string KeyCacheLookups = "granary.key_cache.lookups";
    public const string UnattributedRefusals = "granary.usage.unattributed_refusals";

    /// <summary>Label names, shared by every instrument that carries them.</summary>
    public static class Labels
    {
        public const string Model = "model";
        public const string Version = "version";
        public const string Tenant = "tenant";
        public const string Status = "status";
        public const string State = "state";
        public const string Limit = "limit";
        public const string Direction = "direction";
        public const string LookupOutcome = "result";
        public const string Device = "device";
        public const string DeviceName = "name";
        public const string DeviceKind = "kind";
    }

    /// <summary>Span names: the request's path through one silo, and the batch a request ran in.</summary>
    public static class Spans
    {
        public const string FrontDoor = "granary.front_door";
        public const string Route = "granary.route";
        public const string Queue = "granary.batcher.queue";
        public const string OnnxRun = "granary.onnx.run";
        public const string Batch = "granary.batch";
    }

    /// <summary>Latency buckets in seconds, from 0.5 ms to 30 s: fine enough for p50/p95/p99 of a 1-row call and a cold start.</summary>
    public static readonly double[] DurationBuckets =
        [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30];

    public static readonly double[] BatchSizeBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256];
}
