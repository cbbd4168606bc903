using Granary.Devices;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Granary.Inference;
using Granary.Tenants;
using Grpc.Core;

namespace Granary.Silo.Grpc;

/// <summary>
/// The one place domain errors become gRPC statuses, with google.rpc details (BadRequest, RetryInfo,
/// ErrorInfo) so clients can act on them without parsing prose.
/// </summary>
public static class GrpcErrors
{
    private const string Domain = "granary";

    public static RpcException ToRpcException(Exception error, CancellationToken callCancelled) => error switch
    {
        RpcException rpc => rpc,
        ModelNotFoundException e => Status(Code.NotFound, e.Message, Info("MODEL_NOT_FOUND")),
        InvalidInferenceRequestException e => Status(Code.InvalidArgument, e.Message, BadRequest(e.Field, e.Message)),
        ReplicaOverloadedException e => Status(Code.ResourceExhausted, e.Message, Retry(e.RetryAfter), Info("QUEUE_FULL")),
        DeadlineExceededException e => Status(Code.DeadlineExceeded, e.Message),
        UnauthenticatedException e => Status(Code.Unauthenticated, e.Message, Info("UNAUTHENTICATED")),
        PermissionDeniedException e => Status(Code.PermissionDenied, e.Message, Info("PERMISSION_DENIED")),
        QuotaExceededException e => Status(Code.ResourceExhausted, e.Message, Retry(e.RetryAfter), QuotaFailure(e), Info("QUOTA_EXCEEDED")),
        TenantNotFoundException e => Status(Code.NotFound, e.Message, Info("TENANT_NOT_FOUND")),
        TenantConflictException e => Status(Code.AlreadyExists, e.Message, Info("TENANT_EXISTS")),
        InvalidTenantRequestException e => Status(Code.InvalidArgument, e.Message, BadRequest(e.Field, e.Message)),
        NoDeviceFitsException e => Status(Code.FailedPrecondition, e.Message, Info("NO_DEVICE_FITS")),
        ModelUnavailableException e => Status(Code.Unavailable, e.Message, Retry(TimeSpan.FromSeconds(1))),
        OperationCanceledException when callCancelled.IsCancellationRequested => Status(Code.Cancelled, "the call was cancelled by the client"),
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => Status(Code.Unavailable, $"the cluster could not reach the model's replica: {error.Message}", Retry(TimeSpan.FromSeconds(1))),
        _ => Status(Code.Internal, "internal error; the silo log has the details"),
    };

    public static RpcException InvalidArgument(string field, string message) =>
        Status(Code.InvalidArgument, message, BadRequest(field, message));

    private static RpcException Status(Code code, string message, params Google.Protobuf.IMessage[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        foreach (var detail in details)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status.ToRpcException();
    }

    private static BadRequest BadRequest(string field, string message) =>
        new() { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = message } } };

    private static RetryInfo Retry(TimeSpan after) => new() { RetryDelay = Duration.FromTimeSpan(after) };

    private static QuotaFailure QuotaFailure(QuotaExceededException e) =>
        new() { Violations = { new QuotaFailure.Types.Violation { Subject = e.Subject, Description = $"{e.Limit}: {e.Message}" } } };

    private static ErrorInfo Info(string reason) => new() { Reason = reason, Domain = Domain };
}
