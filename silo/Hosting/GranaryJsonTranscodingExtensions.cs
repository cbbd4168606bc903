using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;

namespace Granary.Silo.Hosting;

/// <summary>
/// The admin and report APIs (granary.v1 Models, Cluster, Tenants, Usage) over HTTP/JSON under /v1, from the
/// <c>google.api.http</c> routes in their protos. A transcoded call runs the same gRPC interceptors as a gRPC
/// one, so it is authenticated and its errors mapped alike; the HTTP status follows the gRPC code.
/// </summary>
public static class GranaryJsonTranscodingExtensions
{
    public static IGrpcServerBuilder AddGranaryJsonTranscoding(this IGrpcServerBuilder grpc) =>
        grpc.AddJsonTranscoding(o =>
        {
            // An error's body is a google.rpc.Status whose details are Any: the registry lets them be written as JSON.
            o.TypeRegistry = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor);
        });
}
