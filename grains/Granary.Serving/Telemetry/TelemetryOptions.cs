namespace Granary.Telemetry;

/// <summary>Metrics and traces of a silo (<c>Granary:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Granary:Telemetry";

    /// <summary>
    /// The management port: <c>/metrics</c> (and the health probes) on a port of its own, never on the public HTTP
    /// port, since metrics name tenants and models. 0 turns <c>/metrics</c> off.
    /// </summary>
    public int MetricsPort { get; set; } = 9464;

    /// <summary>How many tenants get a label of their own on this silo; later ones are counted as <c>other</c>.</summary>
    public int MaxTenantLabels { get; set; } = 100;

    /// <summary>An OTLP collector (e.g. <c>http://collector:4317</c>) to export traces to; empty (the default) exports none.</summary>
    public string OtlpEndpoint { get; set; } = "";
}
