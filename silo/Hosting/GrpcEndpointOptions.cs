namespace Granary.Silo.Hosting;

/// <summary>Where the silo serves gRPC and HTTP (<c>Granary:Grpc</c>, <c>Granary:Http</c>).</summary>
public sealed class GrpcEndpointOptions
{
    public const string Section = "Granary:Grpc";

    /// <summary>The address gRPC listens on; 0.0.0.0 for every interface.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 50051;

    /// <summary>Largest request or response message; a larger one is answered RESOURCE_EXHAUSTED.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The HTTP/1.1 port for REST, /healthz and the admin APIs under /v1; 0 turns it off. /metrics is on the management port (Granary:Telemetry:MetricsPort).</summary>
    public int HttpPort { get; set; } = 8080;
}
