using System.Net;
using Granary.FrontDoor;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Granary.Silo.Grpc;

/// <summary>The caller's credential from gRPC metadata, and the caller the access interceptor authenticated.</summary>
public static class GrpcCredentials
{
    private const string CallerKey = "granary.caller";

    /// <summary>The key the call carries, read from the HTTP request's headers (no metadata collection is built for it).</summary>
    public static Credential Of(ServerCallContext context) =>
        Credential.FromHeaders(context.GetHttpContext().Request.Headers, static (headers, name) => Header(headers, name), SourceOf(context));

    /// <summary>One request header's value, or null when the call does not carry it.</summary>
    public static string? Header(IHeaderDictionary headers, string name) => headers.TryGetValue(name, out var value) ? value.ToString() : null;

    private static IPAddress? SourceOf(ServerCallContext context) => context.GetHttpContext().Connection.RemoteIpAddress;

    public static void Remember(ServerCallContext context, Tenants.Admission.Caller caller) => context.UserState[CallerKey] = caller;

    /// <summary>
    /// The caller the access interceptor authenticated. A call that reached a service without passing it
    /// is refused, never served as an admin: authentication fails closed.
    /// </summary>
    public static Tenants.Admission.Caller CallerOf(ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var caller) && caller is Tenants.Admission.Caller known
            ? known
            : throw new Tenants.UnauthenticatedException("the call was not authenticated");
}
