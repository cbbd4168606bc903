using System.Diagnostics.Metrics;
using System.Net;
using Granary.Hosting;
using Granary.Silo.Serving;
using Granary.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Granary.Silo.Hosting;

/// <summary>
/// Metrics, traces and health of a silo. <c>/metrics</c> is served only on the management port
/// (<see cref="TelemetryOptions.MetricsPort"/>), since it names tenants and models; the health probes answer there and
/// on the public HTTP port: <c>/healthz/live</c> (the process serves HTTP), <c>/healthz/ready</c> and <c>/healthz</c>
/// (joined the cluster, models loaded, not draining: <see cref="ReadinessDrain"/>). Traces are exported by OTLP only when an endpoint is configured.
/// </summary>
public static class GranaryObservabilityExtensions
{
    public const string ServiceName = "granary";
    public const string LivePath = "/healthz/live";
    public const string ReadyPath = "/healthz/ready";

    /// <summary>Kept with its old meaning, readiness, so the dev cluster's and compose's probes keep working.</summary>
    public const string HealthPath = "/healthz";

    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    /// <summary>The Orleans activity sources: grain calls, so a call to a replica on another silo joins the request's trace.</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static WebApplicationBuilder AddGranaryObservability(this WebApplicationBuilder builder)
    {
        var telemetry = OptionChecks.ValidatedNow(
            builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new(), new TelemetryOptionsValidator());
        var grpc = builder.Configuration.GetSection(GrpcEndpointOptions.Section).Get<GrpcEndpointOptions>() ?? new();
        if (telemetry.MetricsPort > 0)
        {
            // Plain HTTP/1.1 on the gRPC host's address; only Prometheus is meant to reach it (compose does not publish it).
            builder.WebHost.ConfigureKestrel(kestrel =>
                kestrel.Listen(IPAddress.Parse(grpc.Host), telemetry.MetricsPort, listen => listen.Protocols = HttpProtocols.Http1));
        }

        builder.Services.AddValidatedOptions<HealthOptions, HealthOptionsValidator>(builder.Configuration, HealthOptions.Section);
        builder.Services.AddHostedService<ReadinessDrain>();
        builder.Services.AddHealthChecks()
            .AddCheck(LiveTag, () => HealthCheckResult.Healthy("serving HTTP"), [LiveTag])
            .AddCheck<ServerReadinessHealthCheck>(ReadyTag, tags: [ReadyTag]);

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(ServiceName, serviceVersion: ServerIdentity.Current.Version, autoGenerateServiceInstanceId: false)
                .AddDetector(sp => new SiloResourceDetector(sp.GetRequiredService<ILocalSiloDetails>())))
            .WithMetrics(metrics =>
            {
                metrics
                    // ASP.NET Core's own meters (what AddAspNetCoreInstrumentation would enable), without the middleware it adds to every request.
                    .AddMeter("Microsoft.Orleans", GranaryInstruments.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                ((IDeferredMeterProviderBuilder)metrics).Configure(
                    (services, provider) => provider.AddView(OwnMetersOnly(services.GetRequiredService<IMeterFactory>())));
            });
        if (telemetry.OtlpEndpoint.Length > 0)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(GranaryInstruments.ActivitySourceName)
                .AddSource(OrleansSources)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(otlp => otlp.Endpoint = new Uri(telemetry.OtlpEndpoint)));
        }

        return builder;
    }

    public static WebApplication MapGranaryObservability(this WebApplication app)
    {
        var metricsPort = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.MetricsPort;
        var httpPort = app.Services.GetRequiredService<IOptions<GrpcEndpointOptions>>().Value.HttpPort;
        if (metricsPort > 0)
        {
            app.MapPrometheusScrapingEndpoint().RequireHost($"*:{metricsPort}");
        }

        var hosts = new[] { metricsPort, httpPort }.Where(p => p > 0).Select(p => $"*:{p}").ToArray();
        if (hosts.Length > 0)
        {
            app.MapHealthChecks(LivePath, Probe(LiveTag)).RequireHost(hosts);
            app.MapHealthChecks(ReadyPath, Probe(ReadyTag)).RequireHost(hosts);
            app.MapHealthChecks(HealthPath, Probe(ReadyTag)).RequireHost(hosts);
        }

        return app;
    }

    /// <summary>
    /// A silo exports the instruments of its own meter factory (Granary's, ASP.NET Core's), not another host's.
    /// OpenTelemetry listens by meter name across the process, so without this a process hosting several silos (the
    /// tests do) would merge their instruments, and one host's shutdown would end the stream the others record into.
    /// </summary>
    private static Func<Instrument, MetricStreamConfiguration?> OwnMetersOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, own)
            ? MetricStreamConfiguration.Drop
            : null;

    private static HealthCheckOptions Probe(string tag) => new() { Predicate = check => check.Tags.Contains(tag) };

    /// <summary>The silo's name as <c>service.instance.id</c>, known once Orleans has chosen it.</summary>
    private sealed class SiloResourceDetector(ILocalSiloDetails silo) : IResourceDetector
    {
        public Resource Detect() => new([new KeyValuePair<string, object>("service.instance.id", silo.Name)]);
    }
}
