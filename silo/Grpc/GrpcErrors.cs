using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Granary.Silo.Errors;
using Grpc.Core;

namespace Granary.Silo.Grpc;

/// <summary>
/// Turns a domain error, through the <see cref="ErrorTable"/>, into a gRPC status with google.rpc details
/// (BadRequest, RetryInfo, QuotaFailure, ErrorInfo) so clients can act on it without parsing prose.
/// </summary>
public static class GrpcErrors
{
    private const string Domain = "granary";

    public static RpcException ToRpcException(ProtocolError error)
    {
        var status = new Google.Rpc.Status { Code = (int)error.Grpc, Message = error.Message };
        if (error.Field is { } field)
        {
            status.Details.Add(Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = error.Message } } }));
        }

        if (error.RetryAfter is { } after)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(after) }));
        }

        if (error.Quota is var (subject, limit))
        {
            status.Details.Add(Any.Pack(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = subject, Description = $"{limit}: {error.Message}" } } }));
        }

        if (error.Grpc is not (StatusCode.Internal or StatusCode.DeadlineExceeded or StatusCode.Cancelled))
        {
            status.Details.Add(Any.Pack(new ErrorInfo { Reason = error.Reason, Domain = Domain }));
        }

        return status.ToRpcException();
    }
}
