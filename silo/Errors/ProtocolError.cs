using Grpc.Core;

namespace Granary.Silo.Errors;

/// <summary>
/// A domain error as every protocol reports it: the gRPC status code, the HTTP status, a stable reason
/// (google.rpc.ErrorInfo's reason), the message for the caller, and what a client can act on.
/// </summary>
public sealed record ProtocolError(StatusCode Grpc, int Http, string Reason, string Message)
{
    /// <summary>The request field the error is about (google.rpc.BadRequest), when one is.</summary>
    public string? Field { get; init; }

    /// <summary>When to try again (google.rpc.RetryInfo, HTTP Retry-After), when it helps to.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The limit and whose it is, for a quota refusal (google.rpc.QuotaFailure).</summary>
    public (string Subject, string Limit)? Quota { get; init; }

    public bool IsServerFault => Grpc == StatusCode.Internal;
}
