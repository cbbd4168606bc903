using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Granary.Silo.Grpc;

/// <summary>Maps every error a service throws to a gRPC status through <see cref="GrpcErrors"/>; logs unexpected ones.</summary>
public sealed partial class DomainErrorInterceptor(ILogger<DomainErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            var mapped = GrpcErrors.ToRpcException(e, context.CancellationToken);
            if (mapped.StatusCode == StatusCode.Internal)
            {
                LogUnexpected(logger, context.Method, e);
            }

            throw mapped;
        }
    }

    [LoggerMessage(5001, LogLevel.Error, "{Method} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string method, Exception exception);
}
