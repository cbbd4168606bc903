using Granary.Protocol.Inference;
using Granary.Routing;
using Granary.Tenants;
using Granary.Tenants.Admission;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Granary.Silo.Grpc;

/// <summary>
/// Authenticates every unary call (but the liveness and readiness probes), keeps the admin APIs to admin
/// keys, hides models a tenant may not see (NOT_FOUND, as for a model that does not exist), and admits each
/// inference through the tenant's quota gate, answering with OpenAI-style rate-limit headers.
/// </summary>
public sealed class TenantInterceptor(CallerDirectory callers, QuotaGates quotas, ModelRouter router) : Interceptor
{
    public const string CallerKey = "granary.caller";

    private static readonly HashSet<string> OpenMethods = new(StringComparer.Ordinal)
    {
        "/inference.GRPCInferenceService/ServerLive",
        "/inference.GRPCInferenceService/ServerReady",
    };

    private static readonly string[] AdminServices = ["/granary.v1.Tenants/", "/granary.v1.Cluster/"];

    public static Caller CallerOf(ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var caller) ? (Caller)caller : new Caller(CallerRole.Admin, "", "");

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (OpenMethods.Contains(context.Method) || context.Method.StartsWith("/grpc.", StringComparison.Ordinal))
        {
            return await continuation(request, context);
        }

        var caller = await callers.AuthenticateAsync(KeyOf(context.RequestHeaders));
        context.UserState[CallerKey] = caller;
        if (caller.IsAdmin)
        {
            return await continuation(request, context);
        }

        if (AdminServices.Any(s => context.Method.StartsWith(s, StringComparison.Ordinal)))
        {
            throw new PermissionDeniedException($"{context.Method} needs an admin key");
        }

        if (ModelNameOf(request) is { Length: > 0 } model)
        {
            await EnsureVisibleAsync(caller, model);
        }

        if (request is not ModelInferRequest infer)
        {
            return await continuation(request, context);
        }

        using var admission = await quotas.For(caller.TenantId).AdmitAsync(InputUnits.Of(infer.Inputs.Select(i => (IReadOnlyList<long>)i.Shape)));
        if (RateLimitHeaders.Of(admission) is { Count: > 0 } headers)
        {
            await context.WriteResponseHeadersAsync(headers);
        }

        return await continuation(request, context);
    }

    private async Task EnsureVisibleAsync(Caller caller, string model)
    {
        if (!(await router.GetModelAsync(model)).IsVisibleTo(caller.TenantId))
        {
            throw new Granary.Inference.ModelNotFoundException($"model '{model}' not found");
        }
    }

    private static string? KeyOf(Metadata headers)
    {
        if (headers.GetValue("authorization") is { } authorization)
        {
            return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
        }

        return headers.GetValue("x-api-key")?.Trim();
    }

    private static string? ModelNameOf(object request) => request switch
    {
        ModelInferRequest r => r.ModelName,
        ModelMetadataRequest r => r.Name,
        ModelReadyRequest r => r.Name,
        ModelStatisticsRequest r => r.Name,
        Protocol.V1.GetModelRequest r => r.Name,
        _ => null,
    };
}
