using System.Net;
using Granary.Protocol.Inference;
using Granary.Silo.Grpc;
using Granary.Tenants.Admission;
using Granary.Silo.Serving;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Granary.Silo.Hosting;

/// <summary>
/// The front door: Kestrel with a gRPC endpoint and an HTTP endpoint for metrics, health and the admin APIs as JSON
/// (<see cref="GranaryJsonTranscodingExtensions"/>). Plain (h2c and HTTP/1.1) unless <see cref="TlsOptions"/> names a
/// certificate; then both speak TLS, gRPC as HTTP/2 and the HTTP port as HTTP/1.1 or HTTP/2, chosen by ALPN.
/// </summary>
public static class GranaryGrpcExtensions
{
    /// <summary>The service names grpc.health.v1 answers for, beside "" (the whole server).</summary>
    public static readonly IReadOnlyList<string> HealthCheckedServices =
    [
        GRPCInferenceService.Descriptor.FullName,
        Protocol.V1.Models.Descriptor.FullName,
        Protocol.V1.Cluster.Descriptor.FullName,
        Protocol.V1.Tenants.Descriptor.FullName,
        Protocol.V1.Usage.Descriptor.FullName,
    ];

    public static WebApplicationBuilder AddGranaryGrpc(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GrpcEndpointOptions.Section).Get<GrpcEndpointOptions>() ?? new();
        var tls = builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new();
        // Loaded once here, after GranaryDefaults validated the paths, and shared by both listeners.
        var certificate = tls.Enabled ? tls.LoadCertificate() : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var address = IPAddress.Parse(options.Host);
            kestrel.Listen(address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            if (options.HttpPort > 0)
            {
                kestrel.Listen(address, options.HttpPort, listen =>
                {
                    // Without TLS there is no ALPN to choose the protocol by, so the plain port stays HTTP/1.1.
                    listen.Protocols = certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                    if (certificate is not null)
                    {
                        listen.UseHttps(certificate);
                    }
                });
            }

            // Tensors are large messages: open the HTTP/2 windows so a request is not held up by flow control.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
            kestrel.Limits.Http2.InitialStreamWindowSize = 2 * 1024 * 1024;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1024;
        });
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.MaxSendMessageSize = options.MaxMessageBytes;
            grpc.Interceptors.Add<DomainErrorInterceptor>();
            grpc.Interceptors.Add<CallerAccessInterceptor>();
        }).AddGranaryJsonTranscoding();
        // One instance each for the life of the silo, rather than one made for every call: they keep no per-call state.
        builder.Services.AddSingleton<DomainErrorInterceptor>();
        builder.Services.AddSingleton<CallerAccessInterceptor>();
        builder.Services.AddSingleton<InferenceService>();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(health =>
        {
            // Each served service answers as "" does: SERVING once the silo is ready.
            foreach (var service in HealthCheckedServices)
            {
                health.Services.Map(service, _ => true);
            }
        });
        builder.Services.AddSingleton<ModelStatisticsReader>();
        builder.Services.AddHostedService<ModelWarmup>();
        builder.Services.AddHostedService<AuthBootstrap>();
        return builder;
    }

    public static WebApplication MapGranaryGrpc(this WebApplication app)
    {
        app.MapGrpcService<InferenceService>();
        app.MapGrpcService<ModelsService>();
        app.MapGrpcService<ClusterService>();
        app.MapGrpcService<TenantsService>();
        app.MapGrpcService<UsageService>();
        app.MapGrpcReflectionService();
        app.MapGrpcHealthChecksService();
        return app;
    }
}
