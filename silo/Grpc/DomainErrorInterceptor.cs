using Granary.Logging;
using Granary.Silo.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Granary.Silo.Grpc;

/// <summary>Maps every error a call of any kind throws to a gRPC status through the <see cref="ErrorTable"/>; logs server faults.</summary>
public sealed partial class DomainErrorInterceptor(ILogger<DomainErrorInterceptor> logger, IHostApplicationLifetime lifetime) : Interceptor
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
            throw Map(e, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        var error = ErrorTable.Of(e, context.CancellationToken, lifetime.ApplicationStopping);
        if (error.IsServerFault)
        {
            LogUnexpected(logger, context.Method, e);
        }

        return GrpcErrors.ToRpcException(error);
    }

    [LoggerMessage(LogEvents.GrpcCallFailed, LogLevel.Error, "{Method} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string method, Exception exception);
}
