using Granary.FrontDoor;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Granary.Silo.Grpc;

/// <summary>
/// Authenticates every gRPC call of every kind (unary and streaming) at the front door before its
/// service runs, but the liveness and readiness probes, health and reflection. The granary.v1 Tenants
/// and Cluster services need an admin key, but for the tenant-scoped reads, which a tenant key may call for its
/// own tenant (the service checks which tenant). The caller is kept for the service
/// (<see cref="GrpcCredentials.CallerOf"/>).
/// </summary>
public sealed class CallerAccessInterceptor(GranaryFrontDoor door) : Interceptor
{
    /// <summary>Open probes, and ModelInfer, whose whole pipeline (authentication first) runs in the front door.</summary>
    private static readonly HashSet<string> PassedThrough = new(StringComparer.Ordinal)
    {
        "/inference.GRPCInferenceService/ServerLive",
        "/inference.GRPCInferenceService/ServerReady",
        "/inference.GRPCInferenceService/ModelInfer",
    };

    private static readonly string[] AdminServices = ["/granary.v1.Tenants/", "/granary.v1.Cluster/"];

    /// <summary>Reads of the admin services that a tenant key may make about its own tenant (<see cref="TenantsService"/> scopes them).</summary>
    private static readonly HashSet<string> TenantScopedReads = new(StringComparer.Ordinal)
    {
        "/granary.v1.Tenants/GetTenant",
        "/granary.v1.Tenants/ListTenants",
        "/granary.v1.Tenants/ListApiKeys",
        "/granary.v1.Tenants/GetQuota",
    };

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // The calls passed through (ModelInfer on every request) go straight on, without a step of their own.
        return IsPassedThrough(context.Method) ? continuation(request, context) : AuthenticatedAsync(request, context, continuation);
    }

    private async Task<TResponse> AuthenticatedAsync<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(requestStream, responseStream, context);
    }

    private static bool IsPassedThrough(string method) => PassedThrough.Contains(method) || method.StartsWith("/grpc.", StringComparison.Ordinal);

    private async ValueTask AuthenticateAsync(ServerCallContext context)
    {
        var method = context.Method;
        if (IsPassedThrough(method))
        {
            return;
        }

        var access = Array.Exists(AdminServices, s => method.StartsWith(s, StringComparison.Ordinal)) && !TenantScopedReads.Contains(method)
            ? CallerAccess.Admin
            : CallerAccess.Any;
        GrpcCredentials.Remember(context, await door.AuthenticateAsync(GrpcCredentials.Of(context), access));
    }
}
